// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TabList } from '../../client/lib/TabList';

afterEach(cleanup);

function Tabs() {
  const [selected, setSelected] = useState<'a' | 'b' | 'c'>('a');
  return (
    <>
      <button type="button">Before</button>
      <TabList<'a' | 'b' | 'c'>
        tabs={[
          { id: 'a', label: 'Analyses' },
          { id: 'b', label: 'Actions' },
          { id: 'c', label: 'Trends' },
        ]}
        selected={selected}
        onSelect={setSelected}
        label="Views"
        idPrefix="view"
        panelId="view-panel"
        className="tabs"
        tabClassName="tab"
      />
      <div role="tabpanel" id="view-panel" aria-labelledby={`view-${selected}`}>
        {selected}
      </div>
    </>
  );
}

describe('tabs', () => {
  it('are one Tab stop, moved through with the arrows, Home and End, each selected as it gets focus', async () => {
    const user = userEvent.setup();
    render(<Tabs />);
    await user.click(screen.getByRole('button', { name: 'Before' }));
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Analyses' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Actions' }));
    expect(screen.getByRole('tabpanel', { name: 'Actions' })).toHaveTextContent('b');
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Trends' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight}'); // round to the first
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Analyses' }));
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Trends' }));
    await user.keyboard('{Home}');
    expect(screen.getByRole('tab', { name: 'Analyses' })).toHaveAttribute('aria-selected', 'true');
    // Tab leaves the list: the other tabs are not stops of their own.
    await user.tab();
    expect(screen.getAllByRole('tab')).not.toContain(document.activeElement);
  });
});
