import { Document, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import type { Block, DocumentParts, Inline } from '../shared/report/blocks';
import type { Paper } from '../shared/report/html';
import { REPORT_FIGURES } from '../shared/report/blocks';
import { PDF_FONT_FEATURES, PDF_FONT_STACK, registerPdfFonts } from './fonts/registerPdfFonts';
import { TreeFigurePdf } from './treePdf';

const styles = StyleSheet.create({
  page: {
    paddingTop: 56,
    paddingBottom: 56,
    paddingHorizontal: 52,
    fontFamily: PDF_FONT_STACK,
    fontFeatureSettings: PDF_FONT_FEATURES,
    fontSize: 10.5,
    color: '#111827',
  },
  running: { position: 'absolute', top: 24, left: 52, right: 52, flexDirection: 'row', justifyContent: 'space-between', fontSize: 8, color: '#6b7280' },
  // Line height is set per block, not on the page: a page-number text that inherits one is left out (react-pdf 4.9).
  footer: { position: 'absolute', bottom: 24, left: 52, right: 52, textAlign: 'center', fontSize: 8, color: '#6b7280' },
  h1: { fontWeight: 700, fontSize: 18, marginBottom: 10 },
  h2: { fontWeight: 700, fontSize: 13, marginTop: 16, marginBottom: 6, paddingBottom: 3, borderBottomWidth: 0.75, borderBottomColor: '#d1d5db' },
  h3: { fontWeight: 700, fontSize: 11, marginTop: 10, marginBottom: 4 },
  // A line-height multiplier counts from the element's own font size (18pt when unset): blocks set both.
  paragraph: { marginBottom: 8, lineHeight: 1.45, fontSize: 10.5 },
  quote: {
    fontSize: 10.5,
    lineHeight: 1.45,
    marginVertical: 6,
    paddingVertical: 4,
    paddingHorizontal: 10,
    borderLeftWidth: 2.5,
    borderLeftColor: '#b45309',
    backgroundColor: '#fff7ea',
  },
  listItem: { flexDirection: 'row', marginBottom: 3 },
  bullet: { minWidth: 16, paddingRight: 3 },
  itemBody: { flex: 1, fontSize: 10.5, lineHeight: 1.45 },
  note: { fontSize: 9, color: '#4b5563' },
  table: { marginTop: 4, marginBottom: 10 },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: '#e5e7eb' },
  th: { flex: 1, padding: 3, fontWeight: 700, fontSize: 7.5, color: '#4b5563', textTransform: 'uppercase' },
  td: { flex: 1, padding: 3, fontSize: 8.5, lineHeight: 1.35 },
  rule: { borderBottomWidth: 0.75, borderBottomColor: '#d1d5db', marginVertical: 10 },
  strong: { fontWeight: 700 },
  em: { fontStyle: 'italic' },
});

const inline = (parts: Inline[]) =>
  parts.map((part, i) =>
    typeof part === 'string' ? (
      part
    ) : (
      <Text key={i} style={part.strong ? styles.strong : part.em ? styles.em : undefined}>
        {part.text}
      </Text>
    ),
  );

/** The widest columns get the most room: the action's text, not its due date. */
const columnWeights = (header: string[]) => header.map((name) => (/^(Action|Root cause)$/.test(name) ? 3 : name === 'Owner' ? 1.4 : 1));

/** How much of what follows a heading must fit under it on its page: a line or two, or the whole figure it names. */
function keepWithNext(next: Block | undefined): number {
  const figure = next?.kind === 'tree' ? next.figures[0] : undefined;
  if (!figure) return 40;
  const { width, height } = figure.drawing;
  return Math.min(REPORT_FIGURES.height, height * Math.min(1, REPORT_FIGURES.width / width, REPORT_FIGURES.height / height)) + 30;
}

function block(b: Block, key: number, next?: Block): ReactElement {
  switch (b.kind) {
    case 'heading':
      return (
        <Text key={key} style={styles[`h${b.level}`]} minPresenceAhead={keepWithNext(next)}>
          {b.text}
        </Text>
      );
    case 'paragraph':
      return (
        <Text key={key} style={styles.paragraph}>
          {inline(b.content)}
        </Text>
      );
    case 'quote':
      return (
        <View key={key} style={styles.quote} wrap={false}>
          <Text>{b.text}</Text>
        </View>
      );
    case 'list':
      return (
        <View key={key} style={{ marginBottom: 6 }}>
          {b.items.map((item, i) => (
            <View key={i} style={[styles.listItem, { marginLeft: (item.depth ?? 0) * 12 }]} wrap={false}>
              <Text style={styles.bullet}>{b.ordered ? `${(b.start ?? 1) + i}.` : '•'}</Text>
              <View style={styles.itemBody}>
                <Text>{inline(item.content)}</Text>
                {item.note && <Text style={styles.note}>{item.note}</Text>}
              </View>
            </View>
          ))}
        </View>
      );
    case 'table': {
      const weights = columnWeights(b.header);
      return (
        <View key={key} style={styles.table}>
          <View style={styles.row} fixed>
            {b.header.map((cell, i) => (
              <Text key={i} style={[styles.th, { flex: weights[i] }]}>
                {cell}
              </Text>
            ))}
          </View>
          {b.rows.map((row, r) => (
            <View key={r} style={styles.row} wrap={false}>
              {row.map((cell, i) => (
                <Text key={i} style={[styles.td, { flex: weights[i] }]}>
                  {cell}
                </Text>
              ))}
            </View>
          ))}
        </View>
      );
    }
    case 'rule':
      return <View key={key} style={styles.rule} />;
    case 'tree':
      return (
        <View key={key}>
          {b.figures.map((figure, i) => (
            <TreeFigurePdf key={i} figure={figure} width={REPORT_FIGURES.width} maxHeight={REPORT_FIGURES.height} />
          ))}
        </View>
      );
  }
}

/**
 * A document as a PDF: real, selectable text on A4 or Letter, with the title and date at the top of every page and
 * page numbers at the bottom. Render it with `renderToBuffer` (Node) or `pdf(…).toBlob()` (browser).
 */
export function PdfDocument({ parts, paper, date }: { parts: DocumentParts; paper: Paper; date: string }): ReactElement {
  // Here rather than at import, so a missing font package fails the PDF exports only, not the whole worker.
  registerPdfFonts();
  return (
    <Document title={parts.title} creator="Whyboard" producer="Whyboard" language="en">
      <Page size={paper === 'A4' ? 'A4' : 'LETTER'} style={styles.page}>
        <View style={styles.running} fixed>
          <Text>{parts.running}</Text>
          <Text>{date}</Text>
        </View>
        {parts.blocks.map((b, i) => block(b, i, parts.blocks[i + 1]))}
        <Text style={styles.footer} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
      </Page>
    </Document>
  );
}
