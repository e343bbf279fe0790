import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { MessageType } from '../../shared/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPLAINT_ID, askWhy, editCause, readBoard } from '../../shared/board';
import { encodeMeetingFrame } from '../../shared/meeting';
import { connectClient, connectMeetingClient, createBoard, startTestServer, tempDir, type MeetingClient } from '../fixtures/server';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(dataDir = tempDir()) {
  const server = await startTestServer({ dataDir });
  cleanup.push(() => server.close());
  const board = await createBoard(server.url);
  const join = async (role: 'facilitator' | 'editor' | 'viewer', name: string, person?: string): Promise<MeetingClient> => {
    const client = connectMeetingClient(server.url, board.id, board.tokens[role], name, person);
    cleanup.push(() => client.destroy());
    await client.synced;
    await vi.waitFor(() => expect(client.state()).toBeDefined());
    return client;
  };
  return { server, board, join, dataDir };
}

const ME = 'test';
/** Everything a client received from the meeting channel, as one string: to prove a secret never reached it. */
const transcript = (client: MeetingClient) => JSON.stringify(client.received);

describe('meeting', () => {
  it('shows the same phase to everyone, and takes phase changes from the facilitator only', async () => {
    const { join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const editor = await join('editor', 'Ed');
    const viewer = await join('viewer', 'Vi');
    expect(editor.state()?.phase).toBe('describe');

    editor.send({ type: 'phase.set', phase: 'report' });
    await vi.waitFor(() => expect(editor.refusal()).toBe('Only the facilitator can do that.'));
    lead.send({ type: 'phase.set', phase: 'askWhy' });
    await vi.waitFor(() => {
      for (const client of [lead, editor, viewer]) expect(client.state()?.phase).toBe('askWhy');
    });
  });

  it('refuses every facilitator command from an editor', async () => {
    const { join } = await setup();
    const editor = await join('editor', 'Ed');
    const commands = [
      { type: 'timer.start' },
      { type: 'timer.add', minutes: 5 },
      { type: 'follow.set', on: true },
      { type: 'spotlight.set', causeId: COMPLAINT_ID },
      { type: 'lock.set', locked: true },
      { type: 'silent.start', causeId: COMPLAINT_ID },
      { type: 'voting.start', votesPerPerson: 3 },
    ] as const;
    for (const command of commands) editor.send(command);
    await vi.waitFor(() => expect(editor.received.filter((message) => message.type === 'refused')).toHaveLength(commands.length));
    const state = editor.state()!;
    expect(state).toMatchObject({ locked: false, spotlight: null, follow: null, silentRound: null, voting: null });
    expect(state.timers.describe.endsAt).toBeNull();
  });

  it('answers a malformed command with a refusal and keeps the connection', async () => {
    const { server, board, join } = await setup();
    const editor = await join('editor', 'Ed');
    const ws = editor.provider.ws!;
    ws.send(encodeMeetingFrame({ type: 'vote.add' } as never));
    await vi.waitFor(() => expect(editor.refusal()).toMatch(/^Not a meeting command Whyboard knows/));
    // Not JSON at all, from a raw socket.
    const raw = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${board.id}?token=${board.tokens.editor}&meeting=1`);
    cleanup.push(() => raw.terminate());
    const replies: string[] = [];
    raw.on('message', (data: Buffer) => replies.push(data.toString('latin1')));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(Uint8Array.of(101, 3, 0x7b, 0x7b, 0x7b)); // "{{{"
    await vi.waitFor(() => expect(replies.some((reply) => reply.includes('must be JSON'))).toBe(true));
    expect(raw.readyState).toBe(WebSocket.OPEN);
    expect(editor.provider.wsconnected).toBe(true);
  });

  it('runs the timer on the server clock: start, pause, add a minute', async () => {
    const { join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const editor = await join('editor', 'Ed');
    const before = Date.now();
    lead.send({ type: 'timer.start' });
    await vi.waitFor(() => expect(editor.state()?.timers.describe.endsAt).not.toBeNull());
    const endsAt = editor.state()!.timers.describe.endsAt!;
    expect(endsAt).toBeGreaterThanOrEqual(before + 5 * 60_000);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    lead.send({ type: 'timer.add', minutes: 1 });
    await vi.waitFor(() => expect(editor.state()?.timers.describe.endsAt).toBe(endsAt + 60_000));
    lead.send({ type: 'timer.pause' });
    await vi.waitFor(() => expect(editor.state()?.timers.describe.endsAt).toBeNull());
    const left = editor.state()!.timers.describe.remainingMs;
    expect(left).toBeGreaterThan(5 * 60_000);
    expect(left).toBeLessThanOrEqual(6 * 60_000);
  });

  it('the lock refuses an editor’s write and accepts a facilitator’s; unlocking takes the refused edit', async () => {
    const { server, board, join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const editor = await join('editor', 'Ed');
    const cause = askWhy(lead.doc, COMPLAINT_ID, { text: 'Before the lock' }, ME);
    await vi.waitFor(() => expect(readBoard(editor.doc).causes[cause]).toBeDefined());

    lead.send({ type: 'lock.set', locked: true });
    await vi.waitFor(() => expect(editor.state()?.locked).toBe(true));
    editCause(editor.doc, cause, 'Written while locked', ME);
    await vi.waitFor(() => expect(editor.refusal()).toMatch(/locked the board/));
    const facilitatorCause = askWhy(lead.doc, COMPLAINT_ID, { text: 'The facilitator may still write' }, ME);
    await vi.waitFor(() => expect(readBoard(editor.doc).causes[facilitatorCause]?.text).toBe('The facilitator may still write'));

    const room = server.rooms.get(board.id);
    await room.flushed();
    expect(readBoard(room.doc).causes[cause]?.text).toBe('Before the lock');
    expect(readBoard(lead.doc).causes[cause]?.text).toBe('Before the lock');
    expect((await server.rooms.snapshot(board.id)).causes[cause]?.text).toBe('Before the lock');

    lead.send({ type: 'lock.set', locked: false });
    await vi.waitFor(() => expect(readBoard(lead.doc).causes[cause]?.text).toBe('Written while locked'));
  });

  it('sends a stock y-websocket client (which never asked for the meeting) no meeting frame when the lock drops its edit', async () => {
    const { server, board, join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const stock = connectClient(server.url, board.id, board.tokens.editor);
    cleanup.push(() => stock.destroy());
    await stock.synced;
    const types: number[] = [];
    stock.provider.ws!.addEventListener('message', (event) =>
      types.push(decoding.readVarUint(decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer)))),
    );
    const cause = askWhy(lead.doc, COMPLAINT_ID, { text: 'Before the lock' }, ME);
    await vi.waitFor(() => expect(readBoard(stock.doc).causes[cause]).toBeDefined());
    lead.send({ type: 'lock.set', locked: true });
    await vi.waitFor(() => expect(lead.state()?.locked).toBe(true));
    editCause(stock.doc, cause, 'Written while locked', ME);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(types).not.toContain(MessageType.meeting);
    expect(stock.provider.wsconnected).toBe(true);
    lead.send({ type: 'lock.set', locked: false });
    await vi.waitFor(() => expect(readBoard(lead.doc).causes[cause]?.text).toBe('Written while locked'));
  });

  it('counts as participants those who say who they are, not a script that connects again and again without a person id', async () => {
    const { server, board, join } = await setup();
    await join('facilitator', 'Fran');
    for (let i = 0; i < 5; i++) {
      const anonymous = connectClient(server.url, board.id, board.tokens.viewer, { meeting: '1', name: `Bot ${i}` });
      await anonymous.synced;
      anonymous.destroy();
    }
    await join('editor', 'Ed');
    const room = server.rooms.get(board.id);
    await vi.waitFor(() =>
      expect(
        Object.values(room.meetingState.participants)
          .map((entry) => entry.name)
          .sort(),
      ).toEqual(['Ed', 'Fran']),
    );
  });

  it('keeps votes hidden until the facilitator reveals them, then shows the count on every screen', async () => {
    const { join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const ada = await join('editor', 'Ada');
    const bo = await join('editor', 'Bo');
    const viewer = await join('viewer', 'Vi');
    const a = askWhy(lead.doc, COMPLAINT_ID, { text: 'Cause A' }, ME);
    const b = askWhy(lead.doc, COMPLAINT_ID, { text: 'Cause B' }, ME);
    await vi.waitFor(() => expect(readBoard(ada.doc).causeIds).toHaveLength(2));

    lead.send({ type: 'voting.start', votesPerPerson: 2 });
    await vi.waitFor(() => expect(bo.state()?.voting?.votesPerPerson).toBe(2));
    ada.send({ type: 'vote.add', causeId: a });
    ada.send({ type: 'vote.add', causeId: a });
    ada.send({ type: 'vote.add', causeId: b });
    await vi.waitFor(() => expect(ada.refusal()).toMatch(/used all 2 of your votes/));
    expect(ada.mine()?.votes).toEqual([a, a]);
    bo.send({ type: 'vote.add', causeId: b });
    viewer.send({ type: 'vote.add', causeId: b });
    await vi.waitFor(() => expect(viewer.refusal()).toMatch(/^Viewers watch/));
    await vi.waitFor(() => expect(lead.state()?.voting?.voters).toBe(2));

    // Before the reveal, nobody but Ada has been told where her dots are: not even the facilitator.
    for (const other of [lead, bo, viewer]) {
      expect(other.state()?.voting?.tally).toBeNull();
      expect(transcript(other)).not.toContain(a);
    }
    lead.send({ type: 'voting.reveal' });
    await vi.waitFor(() => {
      for (const client of [lead, ada, bo, viewer]) expect(client.state()?.voting?.tally).toEqual({ [a]: 2, [b]: 1 });
    });
    bo.send({ type: 'vote.add', causeId: a });
    await vi.waitFor(() => expect(bo.refusal()).toBe('The votes have been counted.'));
  });

  it('keeps silent-round candidates private to their author until revealed, then adds them as causes', async () => {
    const { join } = await setup();
    const lead = await join('facilitator', 'Fran');
    const ada = await join('editor', 'Ada');
    const bo = await join('editor', 'Bo');
    lead.send({ type: 'silent.start', causeId: COMPLAINT_ID });
    await vi.waitFor(() => expect(ada.state()?.silentRound?.causeId).toBe(COMPLAINT_ID));
    ada.send({ type: 'candidate.add', text: 'The scanner double-reads barcodes' });
    ada.send({ type: 'candidate.add', text: 'Nobody checks the till roll' });
    bo.send({ type: 'candidate.add', text: 'The refund screen is confusing' });
    await vi.waitFor(() => expect(lead.state()?.silentRound).toMatchObject({ candidates: 3, people: 2 }));
    expect(ada.mine()?.candidates.map((candidate) => candidate.text)).toEqual(['The scanner double-reads barcodes', 'Nobody checks the till roll']);
    expect(transcript(bo)).not.toContain('scanner');
    expect(transcript(lead)).not.toContain('scanner');
    expect(readBoard(bo.doc).causeIds).toHaveLength(0);

    const removed = ada.mine()!.candidates[1]!.id;
    ada.send({ type: 'candidate.remove', id: removed });
    await vi.waitFor(() => expect(ada.mine()?.candidates).toHaveLength(1));
    lead.send({ type: 'silent.reveal' });
    await vi.waitFor(() => {
      const causes = Object.values(readBoard(bo.doc).causes).map((cause) => [cause.text, cause.createdBy, cause.parentId]);
      expect(causes.sort()).toEqual([
        ['The refund screen is confusing', 'Bo', COMPLAINT_ID],
        ['The scanner double-reads barcodes', 'Ada', COMPLAINT_ID],
      ]);
    });
    expect(bo.state()?.silentRound).toBeNull();
  });

  it('keeps a person’s votes across a reconnect, and the meeting across a server restart', async () => {
    const dataDir = tempDir();
    const first = await setup(dataDir);
    const lead = await first.join('facilitator', 'Fran');
    const cause = askWhy(lead.doc, COMPLAINT_ID, { text: 'Cause' }, ME);
    lead.send({ type: 'phase.set', phase: 'vote' });
    lead.send({ type: 'voting.start', votesPerPerson: 3 });
    lead.send({ type: 'lock.set', locked: true });
    await vi.waitFor(() => expect(lead.state()?.locked).toBe(true));
    const ada = await first.join('editor', 'Ada', 'ada-device-1');
    ada.send({ type: 'vote.add', causeId: cause });
    await vi.waitFor(() => expect(ada.refusal()).toBe('The facilitator has locked the board.'));
    expect(ada.mine()?.votes).toEqual([]);
    lead.send({ type: 'lock.set', locked: false });
    await vi.waitFor(() => expect(ada.state()?.locked).toBe(false));
    ada.send({ type: 'vote.add', causeId: cause });
    await vi.waitFor(() => expect(ada.mine()?.votes).toEqual([cause]));
    await first.server.close();

    const server = await startTestServer({ dataDir });
    cleanup.push(() => server.close());
    const again = connectMeetingClient(server.url, first.board.id, first.board.tokens.editor, 'Ada', 'ada-device-1');
    cleanup.push(() => again.destroy());
    await vi.waitFor(() => {
      expect(again.state()).toMatchObject({ phase: 'vote', locked: false, voting: { votesPerPerson: 3, voters: 1 } });
      expect(again.mine()?.votes).toEqual([cause]);
    });
  });
});
