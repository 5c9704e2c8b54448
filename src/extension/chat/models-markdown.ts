/**
 * `/models`: every endpoint with its models (and their tasks), or what stopped its discovery, as
 * markdown. Labels, ids and server messages are escaped. Pure.
 */
import { markdownCode, markdownText } from '../../core/display-text';
import type { EndpointState } from '../endpoints/endpoint-store';
import { modelRef } from '../config/model-ref';

function stateLine(s: EndpointState): string | undefined {
  switch (s.status.state) {
    case 'ready': return s.status.models.length ? undefined : 'No models listed.';
    case 'loading': return 'Still discovering models…';
    case 'missingCredentials': return `⚠ No credentials stored (${s.status.missing.map((n) => markdownText(n, 100)).join(', ')}), so its models are unknown.`;
    case 'error': return `⚠ Discovery failed (${s.status.kind}${s.status.status ? ` ${s.status.status}` : ''}): ${markdownText(s.status.message, 500)}`;
  }
}

export function modelsMarkdown(states: readonly EndpointState[], currentRef: string | undefined): string {
  if (!states.length) return 'No endpoints are configured yet.';
  const sections = states.map((s) => {
    const head = `**${markdownText(s.endpoint.label, 200)}** ${markdownCode(s.endpoint.id)} · ${markdownText(s.endpoint.platform, 50)}`;
    const lines = [head, ''];
    const note = stateLine(s);
    if (note) lines.push(note);
    if (s.status.state === 'ready') {
      for (const m of s.status.models) {
        const label = m.label !== m.id ? ` ${markdownText(m.label, 200)}` : '';
        const current = currentRef === modelRef(s.endpoint.id, m.id) ? ' — **default for chat**' : '';
        lines.push(`- ${markdownCode(m.id)}${label} · ${m.tasks.map((t) => markdownText(t, 40)).join(', ')}${current}`);
      }
    }
    return lines.join('\n');
  });
  return sections.join('\n\n');
}
