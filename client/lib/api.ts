import type { ApiError, BoardLinks, BoardSummary, CreateBoardBody, CreateBoardResponse, Role } from '../../shared/protocol';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (body as ApiError | undefined)?.error;
    throw new ApiRequestError(res.status, error?.message ?? `The server answered ${res.status}.`, error?.field);
  }
  return body as T;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export const api = {
  createBoard: (body: CreateBoardBody) =>
    request<CreateBoardResponse>('/api/boards', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  createExample: () => request<CreateBoardResponse>('/api/boards/example', { method: 'POST' }),
  getBoard: (id: string, token: string) => request<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`, { headers: bearer(token) }),
  getLinks: (id: string, token: string) =>
    request<{ role: Role; links: BoardLinks }>(`/api/boards/${encodeURIComponent(id)}/links`, { headers: bearer(token) }),
};
