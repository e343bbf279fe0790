import { Path, Svg, Text, View } from '@react-pdf/renderer';
import type { ReactElement } from 'react';
import { edgePath, type TreeFigure } from '../shared/tree/drawTree';

/**
 * A figure of the why-tree in a PDF: vector cards and edges, and each line of text as real text (selectable,
 * searchable, in the embedded fonts), placed where shared/tree/drawTree.ts put it, scaled to the text column.
 */
export function TreeFigurePdf({ figure, width, maxHeight }: { figure: TreeFigure; width: number; maxHeight: number }): ReactElement {
  const { drawing, caption } = figure;
  const scale = Math.min(1, width / drawing.width, maxHeight / drawing.height);
  const s = (value: number) => value * scale;
  return (
    <View wrap={false} style={{ marginVertical: 8 }}>
      <View style={{ position: 'relative', width: s(drawing.width), height: s(drawing.height) }}>
        <Svg
          width={s(drawing.width)}
          height={s(drawing.height)}
          viewBox={`0 0 ${drawing.width} ${drawing.height}`}
          style={{ position: 'absolute', left: 0, top: 0 }}
        >
          {drawing.edges.map((edge, i) => (
            <Path key={i} d={edgePath(edge)} fill="none" stroke={edge.color} strokeWidth={1.5} strokeDasharray={edge.dashed ? '4 3' : undefined} />
          ))}
        </Svg>
        {drawing.cards.map((card) => (
          <View
            key={card.id}
            style={{
              position: 'absolute',
              left: s(card.x),
              top: s(card.y),
              width: s(card.width),
              height: s(card.height),
              backgroundColor: card.fill,
              borderColor: card.stroke,
              borderWidth: s(card.strokeWidth),
              borderStyle: card.dashed ? 'dashed' : 'solid',
              borderRadius: s(8),
            }}
          />
        ))}
        {drawing.cards.flatMap((card) =>
          card.lines.map((line, i) => {
            // A left-aligned line starts at x, a right-aligned one ends there: either way, as far from both sides.
            const inset = line.align === 'end' ? card.width - line.x : line.x;
            const style = {
              position: 'absolute',
              top: s(card.y + line.top),
              left: s(card.x + inset),
              width: s(card.width - 2 * inset),
              textAlign: line.align === 'end' ? 'right' : 'left',
              fontSize: s(line.font.size),
              lineHeight: line.lineHeight / line.font.size,
              fontWeight: line.font.bold ? 700 : 400,
              fontStyle: line.font.italic ? 'italic' : 'normal',
              color: line.color,
            } as const;
            return (
              <Text key={`${card.id}:${i}`} style={style}>
                {line.text}
              </Text>
            );
          }),
        )}
      </View>
      <Text style={{ fontSize: 8.5, color: '#4b5563', marginTop: 4, lineHeight: 1.3 }}>{caption}</Text>
    </View>
  );
}
