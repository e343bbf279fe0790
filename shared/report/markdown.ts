import { ACTION_STATUS_LABELS, ACTION_KIND_LABELS, CAUSE_STATUS_LABELS } from './labels';
import { longDate, isoDay } from './dates';
import type { ReportCause, ReportModel } from './buildReport';

/**
 * User text made inert in Markdown: characters that would start emphasis, links, HTML, code or tables are escaped, and
 * so are those that would make a line a heading, a list item or a quote. Line breaks are kept. Parentheses and "!"
 * only matter next to "[", which is escaped, so they stay readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>|~]/g, '\\$&')
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+-]|\d+[.)])/, '$1\\$2'))
    .join('\n');
}

/** A letter's paragraphs (split at blank lines), each a list when every line of it starts with "- ". */
export function letterParagraphs(text: string): Array<{ list: boolean; lines: string[] }> {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n'))
    .map((lines) => (lines.every((line) => line.startsWith('- ')) ? { list: true, lines: lines.map((line) => line.slice(2)) } : { list: false, lines }));
}

/** Escaped, on one line (for table cells and list items). */
const inline = (text: string) => escapeMarkdown(text.replace(/\s*\n\s*/g, ' ').trim());
const or = (text: string, fallback: string) => (text.trim() ? inline(text) : `*${fallback}*`);

const causeLine = (cause: ReportCause) =>
  `${or(cause.text, 'no answer yet')} — ${CAUSE_STATUS_LABELS[cause.status].toLowerCase()}${cause.isRoot ? ', **root cause**' : ''}`;

/** The internal root-cause report, in Markdown. */
export function reportMarkdown(model: ReportModel): string {
  const { complaint } = model;
  const lines: string[] = [
    `# Root-cause report: ${inline(model.title)}`,
    '',
    `Internal document. Generated on ${longDate(isoDay(model.generatedAt))}.`,
    '',
    '## The complaint',
    '',
    ...complaint.text.split('\n').map((line) => `> ${escapeMarkdown(line)}`),
    '',
    `- Customer: ${or(complaint.customer, 'not recorded')}`,
    `- Channel: ${or(complaint.channel, 'not recorded')}`,
    `- Received: ${complaint.receivedAt ? longDate(complaint.receivedAt) : '*not recorded*'}`,
    '',
    '## Participants',
    '',
    ...(model.participants.length ? model.participants.map((name) => `- ${inline(name)}`) : ['*Nobody recorded.*']),
    '',
    '## Root causes',
    '',
  ];
  if (model.rootCauses.length === 0) lines.push('*No root cause marked yet.*', '');
  model.rootCauses.forEach((root, i) => {
    lines.push(`### ${i + 1}. ${or(root.text, 'no answer yet')}`, '');
    lines.push(`- Status: ${CAUSE_STATUS_LABELS[root.status].toLowerCase()}`);
    lines.push(`- Evidence: ${or(root.evidence, 'none recorded')}`);
    if (!root.inControl) lines.push(`- Outside our control; escalated to: ${or(root.escalation, 'nobody yet')}`);
    if (root.acceptedRisk.trim()) lines.push(`- Accepted risk: ${inline(root.acceptedRisk)}`);
    lines.push('');
    if (root.actions.length === 0) lines.push('*No action yet.*', '');
    else {
      lines.push('| Kind | Action | Owner | Due | Status |', '| --- | --- | --- | --- | --- |');
      for (const action of root.actions) {
        lines.push(`| ${ACTION_KIND_LABELS[action.kind]} | ${or(action.text, 'untitled')} | ${or(action.owner, 'nobody')} | ${action.due || '—'} | ${ACTION_STATUS_LABELS[action.status]} |`);
      }
      lines.push('');
    }
  });
  lines.push('## Why-chains', '');
  if (model.chains.length === 0) lines.push('*No chain reaches a root cause yet.*', '');
  model.chains.forEach((chain, i) => {
    lines.push(`### Chain ${i + 1}`, '');
    chain.steps.forEach((step, n) => {
      lines.push(`${n + 1}. ${causeLine(step)}`);
      if (step.evidence.trim()) lines.push(`   Evidence: ${inline(step.evidence)}`);
    });
    lines.push('', `Read back: ${inline(chain.readBack)}`, '');
  });
  lines.push('## The whole tree', '');
  lines.push(`- The complaint: ${or(complaint.text, 'no text')}`);
  for (const cause of model.tree) lines.push(`${'  '.repeat(cause.depth)}- ${causeLine(cause)}`);
  lines.push('', '## Actions', '');
  if (model.actions.length === 0) lines.push('*No action yet.*');
  else {
    lines.push('| Due | Kind | Action | Owner | Status | Root cause |', '| --- | --- | --- | --- | --- | --- |');
    for (const action of model.actions) {
      lines.push(
        `| ${action.due || '—'} | ${ACTION_KIND_LABELS[action.kind]} | ${or(action.text, 'untitled')} | ${or(action.owner, 'nobody')} | ${ACTION_STATUS_LABELS[action.status]} | ${or(action.causeText, 'no answer yet')} |`,
      );
    }
  }
  lines.push('', '## Open questions', '');
  if (model.openQuestions.length === 0) lines.push('*None: every chain ends in a confirmed root cause with owned, dated actions.*');
  else for (const question of model.openQuestions) lines.push(`- ${inline(question)}`);
  return `${lines.join('\n')}\n`;
}

/** The letter to the customer, in Markdown: its text only, marked as a draft until the facilitator signs it off. */
export function letterMarkdown(model: ReportModel): string {
  const { letter } = model;
  const status = '**Draft**: not yet signed off as ready to send.';
  const body = letterParagraphs(letter.text)
    .map((paragraph) =>
      paragraph.list ? paragraph.lines.map((line) => `- ${escapeMarkdown(line)}`).join('\n') : paragraph.lines.map(escapeMarkdown).join('  \n'),
    )
    .join('\n\n');
  return `${letter.ready ? '' : `${status}\n\n---\n\n`}${body}\n`;
}
