import { describe, expect, it } from 'vitest';
import { initials } from '../../client/board/topbar/PresenceAvatars';
import { readPeers } from '../../client/board/sync/readPeers';

describe('who is here', () => {
  it('shows this person with the role of their link: their own state never comes back stamped by the server', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { name: 'Dana', color: '#4338ca' } }],
      [2, { user: { name: 'Ada', role: 'editor', color: '#be123c' } }],
      [3, { user: { name: 'Mallory', role: 'facilitator' } }],
    ]);
    const peers = readPeers(states, 1, 'facilitator');
    expect(peers.map((peer) => [peer.name, peer.role, peer.isSelf])).toEqual([
      ['Dana', 'facilitator', true],
      ['Ada', 'editor', false],
      ['Mallory', 'facilitator', false],
    ]);
    // Another person's role is what the server stamped; a state without one reads as the least.
    expect(readPeers(new Map([[2, { user: { name: 'Bo' } }]]), 1, 'facilitator')[0]!.role).toBe('viewer');
  });

  it.each([
    ['Dana (facilitator)', 'DF'],
    ['Łukasz Wójcik', 'ŁW'],
    ['ada', 'A'],
    ['"Bo" Ek', 'BE'],
    ['山田 太郎', '山太'],
    ['— —', '?'],
    ['', '?'],
  ])('initials of “%s” are “%s”', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
