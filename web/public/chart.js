// The "matches over time by theme" chart: an inline SVG drawn from /api/timeline, with
// a legend and a visually hidden table of the same numbers for screen readers.
//
// Grey bars are all matching passages in each period; a line per theme (the five
// themes with the most matches) shows how many of them carry that theme. Themes are
// drawn as lines, not stacked, because one passage can carry several themes.
//
// A count can be a string where the API suppressed it ("<5", "[c]"): it is left out of
// the drawing (no bar, a break in the line, the string written at the foot of the
// period) and shown as it is in the table; it is never added up or scaled.

import { countNode, el, formatCount, hidden, isCount, numberFormat } from './common.js';

/** Colours with at least 3:1 contrast on white, each with its own marker and dash. */
const SERIES = [
  { colour: '#005eb8', marker: 'circle', dash: '' },
  { colour: '#d5281b', marker: 'square', dash: '6 3' },
  { colour: '#007f3b', marker: 'triangle', dash: '2 3' },
  { colour: '#330072', marker: 'diamond', dash: '9 3 2 3' },
  { colour: '#00787a', marker: 'cross', dash: '12 4' },
];
const BAR_COLOUR = '#d8dde0';
const TOP = 5;

/** The `count` themes with the most matches over all periods, most first. */
export function topThemes(periods, count = TOP) {
  const totals = new Map();
  for (const period of periods) {
    for (const [theme, n] of Object.entries(period.themes || {})) {
      // ranked by the counts shown; a suppressed count adds nothing
      totals.set(theme, (totals.get(theme) || 0) + (isCount(n) ? n : 0));
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([theme]) => theme);
}

/** A round axis maximum at or above `value` that splits into `ticks` whole steps. */
function niceMax(value, ticks) {
  const raw = Math.max(1, value) / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const f of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const step = f * magnitude;
    if (step >= raw && Number.isInteger(step)) return step * ticks;
  }
  return Math.ceil(raw) * ticks;
}

function marker(kind, x, y, colour) {
  const s = 4;
  const common = { fill: colour, stroke: '#ffffff', 'stroke-width': '1' };
  switch (kind) {
    case 'square':
      return el('svg:rect', { x: x - s, y: y - s, width: 2 * s, height: 2 * s, ...common });
    case 'triangle':
      return el('svg:path', { d: `M${x} ${y - s - 1}L${x + s + 1} ${y + s}L${x - s - 1} ${y + s}Z`, ...common });
    case 'diamond':
      return el('svg:path', { d: `M${x} ${y - s - 1}L${x + s + 1} ${y}L${x} ${y + s + 1}L${x - s - 1} ${y}Z`, ...common });
    case 'cross':
      return el('svg:path', {
        d: `M${x - s} ${y - s}L${x + s} ${y + s}M${x + s} ${y - s}L${x - s} ${y + s}`,
        stroke: colour,
        'stroke-width': '2.5',
        fill: 'none',
      });
    default:
      return el('svg:circle', { cx: x, cy: y, r: s, ...common });
  }
}

function swatch(series) {
  return el(
    'svg:svg',
    { className: 'app-legend__swatch', viewBox: '0 0 28 12', width: '28', height: '12', 'aria-hidden': 'true', focusable: 'false' },
    el('svg:line', { x1: '1', y1: '6', x2: '27', y2: '6', stroke: series.colour, 'stroke-width': '2.5', 'stroke-dasharray': series.dash }),
    marker(series.marker, 14, 6, series.colour),
  );
}

/**
 * Renders the chart for a timeline response into `container` (replacing its content).
 * Returns false when there is nothing to draw.
 */
export function renderTimeline(container, timeline, { caption = 'Matching passages' } = {}) {
  const periods = (timeline && timeline.periods) || [];
  container.replaceChildren();
  if (periods.length === 0) {
    container.append(el('p', { className: 'nhsuk-body-s' }, 'None of the matching passages has a date.'));
    return false;
  }
  const themes = topThemes(periods);
  // Drawn at the container's own width so the labels stay readable on a phone.
  const width = Math.round(Math.max(300, Math.min(860, container.clientWidth || 640)));
  const height = width < 480 ? 180 : 200;
  const margin = { top: 12, right: 12, bottom: 28, left: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const ticks = 4;
  const max = niceMax(Math.max(1, ...periods.map((p) => (isCount(p.total) ? p.total : 0))), ticks);
  const band = plotW / periods.length;
  const x = (i) => margin.left + band * i + band / 2;
  const y = (v) => margin.top + plotH - (v / max) * plotH;

  const svg = el('svg:svg', {
    className: 'app-chart__svg',
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'xMidYMid meet',
    'aria-hidden': 'true',
    focusable: 'false',
  });

  // Grid lines and y-axis labels.
  for (let i = 0; i <= ticks; i++) {
    const value = (max / ticks) * i;
    const ty = y(value);
    svg.append(
      el('svg:line', { x1: margin.left, x2: width - margin.right, y1: ty, y2: ty, stroke: i === 0 ? '#4c6272' : '#e8edee', 'stroke-width': '1' }),
      el('svg:text', { x: margin.left - 6, y: ty + 4, 'text-anchor': 'end', className: 'app-chart__label' }, numberFormat.format(Math.round(value))),
    );
  }

  // Bars: all matching passages per period.
  const barW = Math.min(48, band * 0.6);
  periods.forEach((period, i) => {
    if (isCount(period.total)) {
      svg.append(el('svg:rect', {
        x: x(i) - barW / 2,
        y: y(period.total),
        width: barW,
        height: Math.max(0, margin.top + plotH - y(period.total)),
        fill: BAR_COLOUR,
      }));
    } else {
      // a suppressed total: its text at the foot of the period instead of a bar
      svg.append(el('svg:text', { x: x(i), y: margin.top + plotH - 4, 'text-anchor': 'middle', className: 'app-chart__label' }, formatCount(period.total)));
    }
    svg.append(el('svg:text', { x: x(i), y: height - 8, 'text-anchor': 'middle', className: 'app-chart__label' }, period.period));
  });

  // Lines: one per top theme.
  themes.forEach((theme, t) => {
    const series = SERIES[t % SERIES.length];
    // a suppressed count is no point: the line breaks there
    const points = periods.map((period, i) => {
      const n = (period.themes || {})[theme] ?? 0;
      return isCount(n) ? [x(i), y(n)] : null;
    });
    const runs = [[]];
    for (const point of points) {
      if (point) runs[runs.length - 1].push(point);
      else if (runs[runs.length - 1].length) runs.push([]);
    }
    for (const run of runs) {
      if (run.length < 2) continue;
      svg.append(
        el('svg:polyline', {
          points: run.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' '),
          fill: 'none',
          stroke: series.colour,
          'stroke-width': '2.5',
          'stroke-dasharray': series.dash,
          'stroke-linejoin': 'round',
        }),
      );
    }
    for (const point of points) if (point) svg.append(marker(series.marker, point[0], point[1], series.colour));
  });

  const legend = el(
    'ul',
    { className: 'app-legend', attrs: { 'aria-hidden': 'true' } },
    el(
      'li',
      { className: 'app-legend__item' },
      el('span', { className: 'app-legend__bar' }),
      'All matching passages',
    ),
    themes.map((theme, t) =>
      el('li', { className: 'app-legend__item' }, swatch(SERIES[t % SERIES.length]), theme),
    ),
  );

  const table = el(
    'table',
    { className: 'nhsuk-u-visually-hidden', id: 'chart-table' },
    el('caption', {}, `${caption} per ${timeline.interval || 'year'}, in total and for the ${themes.length} most frequent themes`),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col' }, sentenceCase(timeline.interval || 'year')),
        el('th', { scope: 'col' }, 'All matching passages'),
        themes.map((theme) => el('th', { scope: 'col' }, theme)),
      ),
    ),
    el(
      'tbody',
      {},
      periods.map((period) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, period.period),
          el('td', {}, countNode(period.total)),
          themes.map((theme) => el('td', {}, countNode((period.themes || {})[theme] ?? 0))),
        ),
      ),
    ),
  );

  container.append(
    el('p', { className: 'nhsuk-body-s app-chart__hint' }, 'Passages by the year they were gathered: grey bars for all matches, lines for the five most frequent themes. A passage can carry several themes.', hidden(' The same numbers are in the table below.')),
    svg,
    legend,
    table,
  );
  return true;
}

function sentenceCase(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
