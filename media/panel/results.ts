/** Each task's result, drawn the way people read it. Every server string is set as text. */
import type { PanelResult } from '../../src/extension/panel/protocol';
import { button, h, icon } from './dom';
import { barFractions, formatScore } from './scale';
import { predictionTable } from './prediction-table';

export interface ResultActions {
  copy(text: string): void;
  insert(text: string): void;
  save(): void;
}

export const formatBytes = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

function bar(fraction: number, label: string): HTMLElement {
  const fill = h('span', { className: 'bar-fill' });
  fill.style.width = `${(fraction * 100).toFixed(1)}%`;
  return h('span', { className: 'bar', role: 'img', 'aria-label': label }, fill);
}

function textResult(body: string, a: ResultActions, what: string): HTMLElement {
  return h('div', { className: 'result-text' },
    h('pre', { className: 'output', tabindex: '0', 'aria-label': what }, body),
    h('div', { className: 'row' },
      button('Copy', () => a.copy(body), { id: 'copy' }, 'copy'),
      button('Insert at Cursor', () => a.insert(body), { id: 'insert', className: 'secondary' }, 'insert')));
}

export function renderResult(r: PanelResult, a: ResultActions): HTMLElement {
  switch (r.task) {
    case 'rerank': {
      const bars = barFractions(r.items.map((x) => x.score));
      const probabilities = r.items.every((x) => x.score >= 0 && x.score <= 1);
      return h('div', {},
        h('p', { className: 'caption' }, `${r.items.length} document${r.items.length === 1 ? '' : 's'} ranked for `, h('q', {}, r.query),
          probabilities ? '' : ' (logits: bars run from the lowest score to the highest)'),
        h('ol', { className: 'ranked' }, ...r.items.map((x, k) => h('li', { className: 'ranked-item' },
          h('span', { className: 'rank' }, `${k + 1}`),
          h('span', { className: 'doc' }, h('span', { className: 'doc-text' }, x.text), h('span', { className: 'origin', title: 'Position in your input' }, `input #${x.index + 1}`)),
          bar(bars[k], `score ${formatScore(x.score)}`),
          h('span', { className: 'score' }, formatScore(x.score))))));
    }
    case 'classification': {
      const bars = barFractions(r.labels.map((x) => x.score));
      return h('ul', { className: 'labels' }, ...r.labels.map((x, k) => h('li', { className: k === 0 ? 'label-row best' : 'label-row' },
        h('span', { className: 'label-name' }, x.label), bar(bars[k], `score ${formatScore(x.score)}`), h('span', { className: 'score' }, formatScore(x.score)))));
    }
    case 'embedding': {
      const table = h('table', { className: 'matrix' });
      const head = h('tr', {}, h('th', { scope: 'col' }, ''));
      r.texts.forEach((_, j) => head.append(h('th', { scope: 'col', title: r.texts[j] }, `${j + 1}`)));
      table.append(h('thead', {}, head));
      const body = h('tbody');
      r.similarity.forEach((row, i) => {
        const tr = h('tr', {}, h('th', { scope: 'row', title: r.texts[i] }, `${i + 1}`));
        row.forEach((v, j) => {
          const td = h('td', { title: `${i + 1} · ${j + 1}: ${v.toFixed(4)}` }, v.toFixed(2));
          td.style.setProperty('--sim', String(Math.max(0, Math.min(1, v))));
          if (i === j) td.className = 'diagonal';
          tr.append(td);
        });
        body.append(tr);
      });
      table.append(body);
      return h('div', {},
        h('p', { className: 'caption' }, `${r.texts.length} vector${r.texts.length === 1 ? '' : 's'} of ${r.dimensions} dimensions; cosine similarity of each pair:`),
        h('div', { className: 'matrix-wrap' }, table),
        h('ol', { className: 'legend' }, ...r.texts.map((t) => h('li', {}, t))));
    }
    case 'transcription': return textResult(r.text, a, 'Transcript');
    case 'translation': return textResult(r.translation, a, 'Translation');
    case 'speech': case 'image': {
      const info = h('span', { className: 'muted' }, `${r.mimeType} · ${formatBytes(r.bytes)}`);
      if (!r.dataUrl) return h('p', { className: 'muted' }, icon('history'), ` From history: ${r.mimeType}, ${formatBytes(r.bytes)}. Run again to ${r.task === 'speech' ? 'play' : 'see'} it.`);
      const media = r.task === 'speech'
        ? h('audio', { controls: true, src: r.dataUrl, id: 'audio', 'aria-label': 'Generated speech' })
        : h('img', { src: r.dataUrl, id: 'image', alt: 'Generated image', className: 'generated' });
      // what the browser made of the bytes: an image's pixel size, the audio's length (so a file it cannot decode shows)
      if (media instanceof HTMLImageElement) media.addEventListener('load', () => { info.textContent += ` · ${media.naturalWidth}×${media.naturalHeight} px`; }, { once: true });
      else media.addEventListener('loadedmetadata', () => { if (Number.isFinite(media.duration)) info.textContent += ` · ${media.duration.toFixed(1)} s`; }, { once: true });
      media.addEventListener('error', () => { info.textContent += ' · could not be decoded here; Save… to open it elsewhere'; }, { once: true });
      return h('div', { className: 'media' }, media, h('div', { className: 'row' }, button('Save…', () => a.save(), { id: 'save' }, 'save'), info));
    }
    case 'prediction': {
      const t = predictionTable(r.data, r.meta);
      return h('table', { className: 'grid' },
        h('thead', {}, h('tr', {}, ...t.columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...t.rows.map((row) => h('tr', {}, ...row.map((c) => h('td', {}, c))))));
    }
  }
}
