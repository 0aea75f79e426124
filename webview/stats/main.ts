/**
 * The stats panel, browser side: says `ready` first, then draws what the host sends as four
 * small line charts of the last minute (SVG built with DOM calls, no HTML from data),
 * coloured by the theme's chart colours.
 */
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { StatsHostMessage, StatsPointMessage, StatsWebviewMessage } from '../../src/stats/statsProtocol';
import { formatSize } from '../../src/util/formatSize';

declare function acquireVsCodeApi(): { postMessage(message: StatsWebviewMessage): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const SVG = 'http://www.w3.org/2000/svg';
const WINDOW_MS = 60_000;

interface Chart {
  title: string;
  lines: ((p: StatsPointMessage) => number)[];
  value: (p: StatsPointMessage) => string;
  /** The top of the scale: at least this. */
  floor: (p: StatsPointMessage) => number;
}

const rate = (n: number) => `${formatSize(n)}/s`;
const charts: Chart[] = [
  { title: 'CPU', lines: [(p) => p.cpuPercent], value: (p) => `${p.cpuPercent.toFixed(1)} % of ${p.onlineCpus} CPU`, floor: () => 100 },
  {
    title: 'Memory',
    lines: [(p) => p.memoryUsed],
    value: (p) => `${formatSize(p.memoryUsed)} of ${formatSize(p.memoryLimit)} (${p.memoryPercent.toFixed(1)} %)`,
    floor: (p) => p.memoryLimit,
  },
  {
    title: 'Network (in, out)',
    lines: [(p) => p.netRxPerSecond, (p) => p.netTxPerSecond],
    value: (p) => `${rate(p.netRxPerSecond)} in, ${rate(p.netTxPerSecond)} out`,
    floor: () => 1024,
  },
  {
    title: 'Block I/O (read, write)',
    lines: [(p) => p.blockReadPerSecond, (p) => p.blockWritePerSecond],
    value: (p) => `${rate(p.blockReadPerSecond)} read, ${rate(p.blockWritePerSecond)} written`,
    floor: () => 1024,
  },
];

let points: StatsPointMessage[] = [];
let container = '';
let ended: string | undefined;

function draw(): void {
  const latest = points[points.length - 1];
  const heading = document.createElement('h1');
  heading.textContent = `Stats of ${container}`;
  const grid = document.createElement('div');
  grid.className = 'charts';
  for (const chart of charts) {
    const box = document.createElement('section');
    box.className = 'chart';
    box.dataset.chart = chart.title;
    const title = document.createElement('h2');
    title.textContent = chart.title;
    const value = document.createElement('div');
    value.className = 'value';
    value.textContent = latest ? chart.value(latest) : '…';
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 600 100');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${chart.title} over the last minute`);
    if (latest) {
      const top = Math.max(chart.floor(latest), ...points.flatMap((p) => chart.lines.map((line) => line(p))), 1);
      chart.lines.forEach((line, i) => {
        const polyline = document.createElementNS(SVG, 'polyline');
        polyline.setAttribute('class', i === 0 ? 'a' : 'b');
        const coords = points.map((p) => `${((WINDOW_MS - (latest.time - p.time)) / WINDOW_MS) * 600},${100 - (line(p) / top) * 100}`);
        polyline.setAttribute('points', coords.join(' '));
        svg.append(polyline);
      });
    }
    box.append(title, value, svg);
    grid.append(box);
  }
  const children: Node[] = [heading, grid];
  if (ended) {
    const note = document.createElement('p');
    note.className = 'ended';
    note.textContent = ended;
    children.push(document.createElement('vscode-divider'), note);
  }
  app.replaceChildren(...children);
}

window.addEventListener('message', (event: MessageEvent<StatsHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'show':
      container = message.container;
      points = message.points;
      ended = undefined;
      break;
    case 'point':
      points = [...points.filter((p) => message.point.time - p.time < WINDOW_MS), message.point];
      break;
    case 'ended':
      ended = message.reason;
      break;
  }
  draw();
});

vscode.postMessage({ type: 'ready' });
