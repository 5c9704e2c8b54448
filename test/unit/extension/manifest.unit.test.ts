// package.json's contributions agree with the code: command ids, titles, menus, context values, the
// settings schema and its snippets.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ENDPOINTS_VIEW_ID, SET_CREDENTIALS_TITLE, VIEW_CONTAINER_ID } from '../../../src/extension/commands/ids';
import { PLATFORMS } from '../../../src/core/endpoint/schema';
import { TASKS } from '../../../src/core/tasks';
import { parseEndpoints } from '../../../src/core/endpoint/config';

interface Pkg {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command?: string; submenu?: string; when?: string }[]>;
    submenus?: { id: string; label: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    configuration: { properties: Record<string, { scope?: string; items?: SchemaNode } & SchemaNode> };
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
}
interface SchemaNode { properties?: Record<string, SchemaNode>; enum?: string[]; anyOf?: SchemaNode[]; items?: SchemaNode; defaultSnippets?: { body: unknown }[] }

const root = path.resolve(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Pkg;
const ours = new Set<string>(Object.values(Commands));

describe('extension: package.json contributions', () => {
  it('declares every command of Commands, in category MaaS', () => {
    const declared = pkg.contributes.commands.filter((c) => ours.has(c.command));
    assert.deepEqual(declared.map((c) => c.command).sort(), [...ours].sort());
    for (const c of declared) assert.equal(c.category, 'MaaS', c.command);
    const set = declared.find((c) => c.command === Commands.setCredentials)!;
    assert.equal(`${set.category}: ${set.title}`, SET_CREDENTIALS_TITLE);
  });

  it('menus name only declared commands and submenus, and our context values', () => {
    const declared = new Set(pkg.contributes.commands.map((c) => c.command));
    const submenus = new Set((pkg.contributes.submenus ?? []).map((m) => m.id));
    for (const [where, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        if (e.submenu !== undefined) assert.ok(submenus.has(e.submenu), `${where}: submenu ${e.submenu} is not declared`);
        else assert.ok(e.command !== undefined && declared.has(e.command), `${where}: ${e.command} is not declared`);
      }
    }
    const item = pkg.contributes.menus['view/item/context'].filter((e) => e.command !== undefined && ours.has(e.command));
    for (const e of item) assert.match(e.when ?? '', /viewItem =~ \/\^maas\\\.(endpoint|model)\//);
  });

  it('offers the task panel in the view title, on task models, in the explorer for audio files and from the selection', () => {
    const menus = pkg.contributes.menus;
    assert.ok(menus['view/title'].some((e) => e.command === Commands.openTaskPanel));
    const run = menus['view/item/context'].filter((e) => e.command === Commands.runTask);
    assert.ok(run.length && run.every((e) => /viewItem =~ \/\\\.task\//.test(e.when ?? '')), JSON.stringify(run));
    const explorer = menus['explorer/context'].find((e) => e.command === Commands.transcribeFile);
    for (const ext of ['wav', 'mp3', 'ogg', 'flac', 'm4a', 'webm']) assert.ok(explorer?.when?.includes(ext), ext);
    assert.equal(menus.commandPalette.find((e) => e.command === Commands.openTaskPanel), undefined, 'Open Task Panel is always in the palette');
  });

  it('offers the editor commands in the palette, the editor context menu (a MaaS submenu) and the diff\'s title bar, with their settings', () => {
    const menus = pkg.contributes.menus;
    const palette = (id: string) => menus.commandPalette.find((e) => e.command === id)?.when ?? '';
    assert.match(palette(Commands.explainSelection), /maas\.hasEndpoints && editorIsOpen/);
    assert.match(palette(Commands.refactorSelection), /maas\.hasEndpoints && editorIsOpen/);
    assert.equal(palette(Commands.acceptRefactor), 'maas.refactorReady');
    const submenu = menus['editor/context'].find((e) => e.submenu !== undefined);
    assert.ok(submenu && (pkg.contributes.submenus ?? []).some((m) => m.id === submenu.submenu && m.label === 'MaaS'));
    assert.match(submenu.when ?? '', /editorHasSelection/);
    assert.deepEqual(menus[submenu.submenu!].map((e) => e.command), [Commands.explainSelection, Commands.refactorSelection, Commands.rerankSelection, Commands.embedSelection]);
    assert.deepEqual(menus['editor/title'].filter((e) => e.command !== undefined && ours.has(e.command)).map((e) => e.command), [Commands.acceptRefactor, Commands.discardRefactor]);
    const props = pkg.contributes.configuration.properties as Record<string, { enum?: string[]; default?: unknown; markdownDescription?: string }>;
    assert.deepEqual(props['maas.explain.target'].enum, ['chat', 'preview']);
    assert.equal(props['maas.explain.target'].default, 'chat');
    assert.equal(props['maas.editor.codeActions'].default, true);
    for (const k of ['maas.explain.target', 'maas.editor.codeActions']) assert.ok((props[k].markdownDescription ?? '').length > 40, k);
  });

  it('has the view, its container icon and the welcome content', () => {
    assert.ok(pkg.contributes.views[VIEW_CONTAINER_ID].some((v) => v.id === ENDPOINTS_VIEW_ID));
    const container = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === VIEW_CONTAINER_ID)!;
    assert.ok(fs.existsSync(path.join(root, container.icon)));
    assert.match(pkg.contributes.viewsWelcome.find((w) => w.view === ENDPOINTS_VIEW_ID)!.contents, /command:maas\.addEndpoint/);
    for (const w of pkg.contributes.walkthroughs) for (const s of w.steps) if (s.media.markdown) assert.ok(fs.existsSync(path.join(root, s.media.markdown)), s.media.markdown);
  });

  it('scopes the endpoint settings to the application and matches the contract\'s enums', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['maas.endpoints'].scope, 'application');
    assert.equal(props['maas.defaultChatModel'].scope, 'application');
    const item = props['maas.endpoints'].items!;
    assert.deepEqual(item.properties!.platform.enum, [...PLATFORMS]);
    assert.deepEqual(item.properties!.models.items!.properties!.task.anyOf![0].enum, [...TASKS]);
  });

  it('offers one settings.json snippet per platform, each valid once its placeholders are filled', () => {
    const snippets = pkg.contributes.configuration.properties['maas.endpoints'].items!.defaultSnippets!;
    const fill = (v: unknown): unknown => typeof v === 'string' ? v.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
    const parsed = parseEndpoints(snippets.map((s) => fill(s.body)));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.endpoints.map((e) => e.platform).sort(), [...PLATFORMS].sort());
  });
});
