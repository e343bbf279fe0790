import type { Change } from '../../shared/history/changes';
import type { SentLetter } from '../../shared/meeting/sentLetters';
import type {
  ApiError,
  BoardLinksView,
  LetterMailStatus,
  SendLetterBody,
  BoardSummary,
  CreateBoardBody,
  CreateBoardResponse,
  CreateSpaceResponse,
  Role,
  RotatedLink,
  RotatedSpaceLink,
  SpaceAction,
  SpaceRecurring,
  SpaceRole,
  SpaceView,
} from '../../shared/protocol';

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

/** A board and the token the page opened it with: what a board's API calls go with. */
export interface BoardAccess {
  boardId: string;
  token: string;
  /** The server's origin when it is not the page's (tests); the page's by default. */
  origin?: string;
}

/** A file from the API, under the name the server gives it (else `name`). */
async function download(url: string, token: string, name: string): Promise<{ blob: Blob; fileName: string }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: bearer(token) });
  } catch {
    throw new ApiRequestError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    const error = ((await res.json().catch(() => undefined)) as ApiError | undefined)?.error;
    throw new ApiRequestError(res.status, error?.message ?? `The server answered ${res.status}.`, error?.field);
  }
  // The name as the server gave it (RFC 6266: `filename*` in UTF-8, before the ASCII `filename`).
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = utf8 ? decodeURIComponent(utf8) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? name);
  return { blob: await res.blob(), fileName };
}

export const api = {
  createBoard: (body: CreateBoardBody) =>
    request<CreateBoardResponse>('/api/boards', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  createExample: () => request<CreateBoardResponse>('/api/boards/example', { method: 'POST' }),
  getBoard: (id: string, token: string) => request<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`, { headers: bearer(token) }),
  importBoard: (file: unknown) =>
    request<CreateBoardResponse>('/api/boards/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    }),
  /** Fetches an export (`report.pdf`, `board.json`…) as a file to save; with `at` (ms), as the board was then. */
  exportFile: (id: string, token: string, name: string, paper: string, at?: number) =>
    download(
      `/api/boards/${encodeURIComponent(id)}/export/${name}?${new URLSearchParams({ paper, ...(at === undefined ? {} : { at: new Date(at).toISOString() }) })}`,
      token,
      name,
    ),
  /** Every stored change of the board, with when and who: what the replay is built from. */
  historyChanges: async ({ boardId, token, origin = '' }: BoardAccess): Promise<Change[]> => {
    // Its decoder (which checks who and what with zod) is fetched with the history, not with the board page.
    const [{ blob }, { decodeChanges }] = await Promise.all([
      download(`${origin}/api/boards/${encodeURIComponent(boardId)}/history/changes`, token, 'changes'),
      import('../../shared/history/changes'),
    ]);
    return decodeChanges(new Uint8Array(await blob.arrayBuffer()));
  },
  /** Fetches a space's export (`actions.csv`, `report.pdf`…) with its query (the period) as a file to save. */
  exportSpaceFile: (id: string, token: string, name: string, query: Record<string, string> = {}) =>
    download(`/api/spaces/${encodeURIComponent(id)}/export/${name}?${new URLSearchParams(query)}`, token, name),
  rotateLink: (id: string, token: string, role: Role) =>
    request<RotatedLink>(`/api/boards/${encodeURIComponent(id)}/links/${role}/rotate`, { method: 'POST', headers: bearer(token) }),
  createSpace: (name: string) =>
    request<CreateSpaceResponse>('/api/spaces', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) }),
  /** Whether the server sends letters by e-mail, and if not, how to set it up. */
  letterMailStatus: ({ boardId, token, origin = '' }: BoardAccess) =>
    request<LetterMailStatus>(`${origin}/api/boards/${encodeURIComponent(boardId)}/letter/send`, { headers: bearer(token) }),
  /** E-mails the signed-off letter; the send arrives with the meeting too, for everyone on the board. */
  sendLetter: ({ boardId, token, origin = '' }: BoardAccess, body: SendLetterBody) =>
    request<SentLetter>(`${origin}/api/boards/${encodeURIComponent(boardId)}/letter/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    }),
  renameSpace: (id: string, token: string, name: string) =>
    request<{ id: string; name: string }>(`/api/spaces/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ name }),
    }),
  rotateSpaceLink: (id: string, token: string, role: SpaceRole) =>
    request<RotatedSpaceLink>(`/api/spaces/${encodeURIComponent(id)}/links/${role}/rotate`, { method: 'POST', headers: bearer(token) }),
  removeFromSpace: (id: string, token: string, boardId: string) =>
    request<void>(`/api/spaces/${encodeURIComponent(id)}/boards/${encodeURIComponent(boardId)}`, { method: 'DELETE', headers: bearer(token) }),
  getSpace: (id: string, token: string) => request<SpaceView>(`/api/spaces/${encodeURIComponent(id)}`, { headers: bearer(token) }),
  getSpaceActions: (id: string, token: string) => request<SpaceAction[]>(`/api/spaces/${encodeURIComponent(id)}/actions`, { headers: bearer(token) }),
  getSpaceRecurring: (id: string, token: string) => request<SpaceRecurring>(`/api/spaces/${encodeURIComponent(id)}/recurring`, { headers: bearer(token) }),
  getSpaceLinks: (id: string, token: string) =>
    request<{ role: SpaceRole; links: Partial<Record<SpaceRole, string>> }>(`/api/spaces/${encodeURIComponent(id)}/links`, { headers: bearer(token) }),
  createBoardInSpace: (id: string, token: string, body: CreateBoardBody) =>
    request<CreateBoardResponse>(`/api/spaces/${encodeURIComponent(id)}/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    }),
  getLinks: (id: string, token: string) => request<BoardLinksView>(`/api/boards/${encodeURIComponent(id)}/links`, { headers: bearer(token) }),
};
