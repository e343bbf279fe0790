/** What a side panel says when it has nothing to show yet, and what to do about it. */
export function PanelEmpty({ title, children }: { title: string; children: string }) {
  return (
    <div className="panel-empty">
      <p>
        <strong>{title}</strong>
      </p>
      <p className="muted">{children}</p>
    </div>
  );
}
