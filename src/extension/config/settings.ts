/**
 * The `maas.*` settings. `maas.endpoints` and `maas.defaultChatModel` are application-scoped (docs/endpoints.md,
 * "Security rules"): only the user's own settings count, so every write goes to the global (user) target.
 */
import * as vscode from 'vscode';
import { parseEndpoints, type ParsedConfig } from '../../core/endpoint/config';

export const SECTION = 'maas';
export const ENDPOINTS_KEY = 'endpoints';
export const DEFAULT_CHAT_MODEL_KEY = 'defaultChatModel';

/** One raw entry of `maas.endpoints`, as the user wrote it (possibly invalid). */
export type RawEntry = Record<string, unknown>;

export class Settings {
  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The user's entries, exactly as written (invalid ones included). */
  rawEndpoints(): unknown[] {
    const v = this.config().inspect<unknown>(ENDPOINTS_KEY)?.globalValue;
    return Array.isArray(v) ? v : [];
  }

  /** The entries validated by core: valid endpoints, problems (with field and message) and warnings. */
  parsedEndpoints(): ParsedConfig {
    return parseEndpoints(this.config().get<unknown>(ENDPOINTS_KEY));
  }

  /** Every id in use, invalid entries included (a new endpoint must not reuse one). */
  takenIds(): string[] {
    return this.rawEndpoints().map((e) => (e && typeof e === 'object' ? (e as RawEntry).id : undefined)).filter((id): id is string => typeof id === 'string');
  }

  /**
   * The position of the entry with this id that is loaded: the first *valid* one (an invalid entry
   * reusing the id is not it), else the first with the id; -1 when there is none.
   */
  private indexOf(entries: unknown[], id: string): number {
    const invalid = new Set(parseEndpoints(entries).problems.map((p) => p.index));
    const hasId = (e: unknown) => !!e && typeof e === 'object' && (e as RawEntry).id === id;
    const loaded = entries.findIndex((e, i) => hasId(e) && !invalid.has(i));
    return loaded >= 0 ? loaded : entries.findIndex(hasId);
  }

  rawEndpoint(id: string): RawEntry | undefined {
    const entries = this.rawEndpoints();
    const i = this.indexOf(entries, id);
    return i >= 0 ? entries[i] as RawEntry : undefined;
  }

  async writeEndpoints(entries: unknown[]): Promise<void> {
    await this.config().update(ENDPOINTS_KEY, entries, vscode.ConfigurationTarget.Global);
  }

  async addEndpoint(entry: RawEntry): Promise<void> {
    await this.writeEndpoints([...this.rawEndpoints(), entry]);
  }

  /** Replaces the entry with this id, keeping its place in the list. */
  async replaceEndpoint(id: string, entry: RawEntry): Promise<void> {
    const entries = this.rawEndpoints();
    const at = this.indexOf(entries, id);
    await this.writeEndpoints(entries.map((e, i) => (i === at ? entry : e)));
  }

  /** Removes the loaded entry with this id (an invalid entry reusing the id stays, and is still reported). */
  async removeEndpoint(id: string): Promise<void> {
    const entries = this.rawEndpoints();
    const at = this.indexOf(entries, id);
    await this.writeEndpoints(entries.filter((_, i) => i !== at));
  }

  /** `<endpointId>/<modelId>`, or undefined when unset. */
  defaultChatModel(): string | undefined {
    return this.config().get<string>(DEFAULT_CHAT_MODEL_KEY) || undefined;
  }

  /** Sets `<endpointId>/<modelId>`, or clears the setting (undefined). */
  async setDefaultChatModel(value: string | undefined): Promise<void> {
    await this.config().update(DEFAULT_CHAT_MODEL_KEY, value, vscode.ConfigurationTarget.Global);
  }

  onDidChange(listener: (e: { endpoints: boolean; defaultChatModel: boolean }) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      listener({ endpoints: e.affectsConfiguration(`${SECTION}.${ENDPOINTS_KEY}`), defaultChatModel: e.affectsConfiguration(`${SECTION}.${DEFAULT_CHAT_MODEL_KEY}`) });
    });
  }
}

