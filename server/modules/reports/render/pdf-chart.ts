import type { ReportChart, ReportTable, ValueFormat } from '../../../../common/reports.ts';
import { formatValue, type ReportLocale } from './format.ts';
import {
  colors,
  contentWidth,
  ensureSpace,
  type Pdf,
  pdfText,
  put,
  seriesColors,
  setStyle,
} from './pdf-style.ts';

/** The height a chart takes, its legend and the space under it included. */
export const CHART_HEIGHT = 210;
const PLOT_HEIGHT = 160;
const tickStyle = { size: 7, color: colors.muted };
// Reducers rather than Math.min(...values): a table's rows may outnumber the arguments a call takes.
const min = (a: number, b: number) => Math.min(a, b);
const max = (a: number, b: number) => Math.max(a, b);

/** About `count` round ticks (1, 2, 2.5 or 5 times a power of ten) covering from..to; whole numbers for counts. */
function niceTicks(from: number, to: number, format: ValueFormat, count = 5): number[] {
  const top = to > from ? to : from + 1;
  const raw = (top - from) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  if (format === 'int') step = Math.max(1, Math.ceil(step));
  const first = Math.floor(from / step);
  const last = Math.ceil(top / step);
  return Array.from({ length: last - first + 1 }, (_, k) => Number(((first + k) * step).toPrecision(12)));
}

/**
 * The chart of a table's section, drawn as vectors at the cursor: a grid with tick labels on the left, the x column's
 * values under the plot (as many as fit), grouped bars or lines (broken where a value is missing), then a legend.
 * Draws nothing when the chart names unknown columns or there is no number to plot.
 */
export function drawChart(pdf: Pdf, table: ReportTable, chart: ReportChart, locale: ReportLocale) {
  const xColumn = table.columns.find((c) => c.key === chart.x);
  const series = chart.series.flatMap((key) => table.columns.filter((c) => c.key === key));
  const values = series.map((s) => table.rows.map((row) => row[s.key] ?? null));
  const numbers = values.flat().filter((v): v is number => typeof v === 'number');
  if (!xColumn || !series.length || !numbers.length) return;
  const format = series[0]!.format;
  const ticks = niceTicks(numbers.reduce(min, 0), numbers.reduce(max, 0), format);
  const low = ticks[0]!;
  const high = ticks.at(-1)!;

  ensureSpace(pdf, CHART_HEIGHT);
  const top = pdf.y + 6;
  const left = pdf.page.margins.left;
  setStyle(pdf, tickStyle);
  const tickLabels = ticks.map((t) => pdfText(formatValue(t, format, locale, { compact: true })));
  const axisWidth = Math.max(...tickLabels.map((label) => pdf.widthOfString(label))) + 8;
  const plot = { x: left + axisWidth, y: top, w: contentWidth(pdf) - axisWidth, h: PLOT_HEIGHT };
  const yOf = (v: number) => plot.y + plot.h - ((v - low) / (high - low)) * plot.h;
  const slot = plot.w / table.rows.length;
  const xOf = (i: number) => plot.x + slot * (i + 0.5);

  ticks.forEach((tick, i) => {
    const y = yOf(tick);
    pdf
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.w, y)
      .lineWidth(tick === 0 ? 0.8 : 0.4)
      .strokeColor(tick === 0 ? colors.muted : colors.rule)
      .stroke();
    put(pdf, tickLabels[i]!, left, y - 3, tickStyle, { width: axisWidth - 8, align: 'right' });
  });

  const xLabels = table.rows.map((row) => pdfText(formatValue(row[chart.x], xColumn.format, locale)));
  setStyle(pdf, tickStyle);
  const labelWidth = Math.min(80, xLabels.map((label) => pdf.widthOfString(label)).reduce(max, 0)) + 6;
  const every = Math.max(1, Math.ceil(labelWidth / slot));
  let freeFrom = plot.x;
  for (let i = 0; i < xLabels.length; i += every) {
    // Kept within the plot's width; a label pushed onto the previous one is left out.
    const x = Math.min(Math.max(xOf(i) - labelWidth / 2, plot.x), plot.x + plot.w - labelWidth);
    if (x < freeFrom) continue;
    put(pdf, xLabels[i]!, x, plot.y + plot.h + 5, tickStyle, { width: labelWidth, align: 'center' });
    freeFrom = x + labelWidth;
  }

  values.forEach((points, s) => {
    const color = seriesColors[s % seriesColors.length]!;
    if (chart.kind === 'bar') {
      const group = slot * 0.76;
      const bar = group / series.length;
      points.forEach((v, i) => {
        if (typeof v !== 'number') return;
        const x = plot.x + slot * i + (slot - group) / 2 + bar * s;
        pdf
          .rect(x, Math.min(yOf(0), yOf(v)), Math.max(bar - 0.6, 0.4), Math.abs(yOf(v) - yOf(0)))
          .fill(color);
      });
      return;
    }
    let drawing = false;
    points.forEach((v, i) => {
      if (typeof v !== 'number') {
        drawing = false;
        return;
      }
      if (drawing) pdf.lineTo(xOf(i), yOf(v));
      else pdf.moveTo(xOf(i), yOf(v));
      drawing = true;
    });
    pdf.lineWidth(1.6).lineJoin('round').strokeColor(color).stroke();
    if (points.length <= 40) {
      points.forEach((v, i) => {
        if (typeof v === 'number') pdf.circle(xOf(i), yOf(v), 2).fill(color);
      });
    }
  });

  let x = plot.x;
  const legendY = plot.y + plot.h + 22;
  series.forEach((s, i) => {
    pdf.rect(x, legendY + 1, 8, 8).fill(seriesColors[i % seriesColors.length]!);
    put(pdf, s.label, x + 12, legendY + 1, { size: 8 });
    x += 12 + pdf.widthOfString(pdfText(s.label)) + 18;
  });
  pdf.y = top + CHART_HEIGHT - 6;
}
