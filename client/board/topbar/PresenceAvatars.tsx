import { useBoardStore } from '../store/BoardStoreContext';

/** Up to two initials: the first letter of each word, never punctuation (“Dana (facilitator)” is “DF”, “Łukasz Wójcik” “ŁW”). */
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .flatMap((word) => /\p{L}/u.exec(word) ?? [])
    .slice(0, 2)
    .map((letter) => letter.toLocaleUpperCase())
    .join('') || '?';

const MAX_SHOWN = 5;

/** Everyone on the board, as avatars: this person first, each with their role. */
export function PresenceAvatars() {
  const peers = useBoardStore((state) => state.peers);
  if (peers.length === 0) return null;
  const shown = peers.slice(0, MAX_SHOWN);
  const more = peers.length - shown.length;
  return (
    <ul className="avatars" aria-label={`${peers.length} ${peers.length === 1 ? 'person' : 'people'} on this board`}>
      {shown.map((peer) => (
        <li key={peer.clientId} className="avatar" style={{ background: peer.color }} title={`${peer.name}${peer.isSelf ? ' (you)' : ''}, ${peer.role}`}>
          <span aria-hidden="true">{initials(peer.name)}</span>
          <span className="visually-hidden">
            {peer.name}
            {peer.isSelf ? ' (you)' : ''}, {peer.role}
          </span>
        </li>
      ))}
      {more > 0 && (
        <li
          className="avatar avatar-more"
          title={peers
            .slice(MAX_SHOWN)
            .map((peer) => peer.name)
            .join(', ')}
        >
          +{more}
        </li>
      )}
    </ul>
  );
}
