import { quote } from '../board';
import { pageFigures, type TreeFigure } from '../tree/drawTree';
import { withoutBidiControls } from './bidi';
import type { ReportCause, ReportModel } from './buildReport';
import { isoDay, longDate } from './dates';
import { ACTION_KIND_LABELS, ACTION_STATUS_LABELS, CAUSE_STATUS_LABELS } from './labels';

/**
 * A document as a few kinds of block, the one shape every format renders (Markdown, HTML, PDF): the documents are
 * written once, here, and each renderer only knows how to draw a block. Text is plain; renderers escape it.
 */
export type Inline = string | { text: string; strong?: boolean; em?: boolean };
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** `\n` in a string is a line break inside the paragraph. */
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'quote'; text: string }
  /** An ordered list counts from `start` (1 when absent). */
  | { kind: 'list'; ordered?: boolean; start?: number; items: Array<{ content: Inline[]; depth?: number; note?: string }> }
  | { kind: 'table'; header: string[]; rows: string[][] }
  /** The why-tree, drawn from the board for the page: one figure, or several when it is too big for one. */
  | { kind: 'tree'; figures: TreeFigure[] }
  | { kind: 'rule' };

export interface DocumentParts {
  /** The document's title, for the page head and the PDF metadata. */
  title: string;
  /** A short line for the running header of printed pages. */
  running: string;
  blocks: Block[];
}

const orElse = (text: string, fallback: string): Inline => (text.trim() ? text.replace(/\s*\n\s*/g, ' ').trim() : { text: fallback, em: true });
const causeLine = (cause: ReportCause): Inline[] => [
  orElse(cause.text, 'no answer yet'),
  ` — ${CAUSE_STATUS_LABELS[cause.status].toLowerCase()}`,
  ...(cause.isRoot ? [', ', { text: 'root cause', strong: true }] : []),
];
const p = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
/** How many levels the whole tree indents: as deep as a page of A4 has room for, and the five whys need. */
const TREE_INDENT_MAX = 8;
const em = (text: string): Block => p({ text, em: true });

/**
 * How the report draws its tree: for the text column of an A4 page (the narrower of A4 and Letter, 491 × 730 points),
 * a drawing unit being a point; a card's answer is 12 units, so at the least scale it is printed at 7 points.
 */
export const REPORT_FIGURES = { width: 491, height: 600, minScale: 7 / 12, maxFigures: 24 };

/** The internal root-cause report. */
export function reportBlocks(model: ReportModel): DocumentParts {
  const { complaint } = model;
  /** Every date in one format, the board's. */
  const date = (isoDate: string) => longDate(isoDate, model.dateStyle);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: `Root-cause report: ${model.title}` },
    model.pastMoment
      ? p(
          'Internal document. ',
          { text: `The board as it was on ${date(isoDay(model.generatedAt))} at ${new Date(model.generatedAt).toISOString().slice(11, 16)} UTC`, strong: true },
          ', from its history.',
        )
      : p(`Internal document. Generated on ${date(isoDay(model.generatedAt))}.`),
    { kind: 'heading', level: 2, text: 'The complaint' },
    { kind: 'quote', text: complaint.text },
    {
      kind: 'list',
      items: [
        { content: ['Customer: ', orElse(complaint.customer, 'not recorded')] },
        { content: ['Channel: ', orElse(complaint.channel, 'not recorded')] },
        { content: ['Received: ', complaint.receivedAt ? date(complaint.receivedAt) : { text: 'not recorded', em: true }] },
      ],
    },
    { kind: 'heading', level: 2, text: 'Timeline' },
    model.timeline.length
      ? { kind: 'table', header: ['Date', 'What happened'], rows: model.timeline.map((entry) => [date(entry.day), entry.what]) }
      : em('Nothing dated yet.'),
    { kind: 'heading', level: 2, text: 'Participants' },
    model.participants.length ? { kind: 'list', items: model.participants.map((name) => ({ content: [name] })) } : em('Nobody recorded.'),
    { kind: 'heading', level: 2, text: 'Root causes' },
  ];
  if (model.rootCauses.length === 0) blocks.push(em('No root cause marked yet.'));
  model.rootCauses.forEach((root, i) => {
    blocks.push({ kind: 'heading', level: 3, text: `${i + 1}. ${root.text.trim() || 'No answer yet'}` });
    blocks.push({
      kind: 'list',
      items: [
        { content: [`Status: ${CAUSE_STATUS_LABELS[root.status].toLowerCase()}`] },
        { content: ['Evidence: ', orElse(root.evidence, 'none recorded')] },
        ...(root.inControl ? [] : [{ content: ['Outside our control; escalated to: ', orElse(root.escalation, 'nobody yet')] }]),
        ...(root.acceptedRisk.trim() ? [{ content: ['Accepted risk: ', orElse(root.acceptedRisk, '')] }] : []),
      ],
    });
    blocks.push(
      root.actions.length === 0
        ? em('No action yet.')
        : {
            kind: 'table',
            header: ['Kind', 'Action', 'Owner', 'Due', 'Status'],
            rows: root.actions.map((action) => [
              ACTION_KIND_LABELS[action.kind],
              action.text || 'untitled',
              action.owner || 'nobody',
              action.due ? date(action.due) : '—',
              ACTION_STATUS_LABELS[action.status],
            ]),
          },
    );
  });
  blocks.push({ kind: 'heading', level: 2, text: 'Why-chains' });
  if (model.chains.length === 0) blocks.push(em('No chain reaches a root cause yet.'));
  model.chains.forEach((chain, i) => {
    blocks.push({ kind: 'heading', level: 3, text: `Chain ${i + 1}` });
    const { joins } = chain;
    if (joins && chain.steps.length === 0) {
      blocks.push(p(`Its root cause is step ${joins.step} of chain ${joins.chain} (“${quote(joins.text) || 'no answer yet'}”): read it back there.`));
      return;
    }
    if (joins) blocks.push(p(`Continues chain ${joins.chain} after step ${joins.step} (“${quote(joins.text) || 'no answer yet'}”).`));
    blocks.push({
      kind: 'list',
      ordered: true,
      start: (joins?.step ?? 0) + 1,
      items: chain.steps.map((step) => ({
        content: causeLine(step),
        note: step.evidence.trim() ? `Evidence: ${step.evidence.replace(/\s*\n\s*/g, ' ').trim()}` : undefined,
      })),
    });
    blocks.push(p(`Read back: ${chain.readBack}`));
  });
  blocks.push({ kind: 'heading', level: 2, text: 'The whole tree' });
  blocks.push({ kind: 'tree', figures: pageFigures(model.shape, REPORT_FIGURES) });
  blocks.push({
    kind: 'list',
    items: [
      { content: ['The complaint: ', orElse(complaint.text, 'no text')] },
      // Deeper than a page can indent, a cause says its depth instead (indenting every level costs the square of it).
      ...model.tree.map((cause) => ({
        content: cause.depth > TREE_INDENT_MAX ? [`Why ${cause.depth}: `, ...causeLine(cause)] : causeLine(cause),
        depth: Math.min(cause.depth, TREE_INDENT_MAX),
        // Every cause's evidence, a ruled-out one's too: why it was ruled out is part of the analysis.
        note: cause.evidence.trim() ? `Evidence: ${cause.evidence.replace(/\s*\n\s*/g, ' ').trim()}` : undefined,
      })),
    ],
  });
  blocks.push({ kind: 'heading', level: 2, text: 'Actions' });
  blocks.push(
    model.actions.length === 0
      ? em('No action yet.')
      : {
          kind: 'table',
          header: ['Due', 'Kind', 'Action', 'Owner', 'Status', 'Root cause'],
          rows: model.actions.map((action) => [
            action.due ? date(action.due) : '—',
            ACTION_KIND_LABELS[action.kind],
            action.text || 'untitled',
            action.owner || 'nobody',
            ACTION_STATUS_LABELS[action.status],
            quote(action.causeText) || 'no answer yet',
          ]),
        },
  );
  blocks.push({ kind: 'heading', level: 2, text: 'Open questions' });
  blocks.push(
    model.openQuestions.length === 0
      ? em('None: every chain ends in a confirmed root cause with owned, dated actions.')
      : { kind: 'list', items: model.openQuestions.map((question) => ({ content: [question] })) },
  );
  return withoutBidiControls({ title: `Root-cause report: ${model.title}`, running: `${model.title} · internal root-cause report`, blocks });
}

/** A letter's paragraphs (split at blank lines), each a list when every line of it starts with "- ". */
export function letterParagraphs(text: string): Block[] {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.split('\n'))
    .map((lines): Block =>
      lines.every((line) => line.startsWith('- ')) ? { kind: 'list', items: lines.map((line) => ({ content: [line.slice(2)] })) } : p(lines.join('\n')),
    );
}

/** The letter to the customer: its text only, marked as a draft until the facilitator signs it off. */
export function letterBlocks(model: ReportModel): DocumentParts {
  const { letter } = model;
  const draft: Block[] = letter.ready ? [] : [p({ text: 'Draft', strong: true }, ': not yet signed off as ready to send.'), { kind: 'rule' }];
  const to = letter.customer.trim() || 'the customer';
  return withoutBidiControls({
    title: `Letter to ${to}`,
    running: letter.ready ? `Letter to ${to}` : `Draft letter to ${to}`,
    blocks: [...draft, ...letterParagraphs(letter.text)],
  });
}
