/**
 * What `activate()` returns in test mode only (run-mode.ts: VS Code's extension-test mode, or the host
 * test runner's development host); other extensions get nothing. It never exposes a secret: only which
 * secret names are stored.
 */
import type { ConfigProblem } from '../core/endpoint/config';
import type { Platform } from '../core/endpoint/schema';
import type { ErrorKind } from '../core/errors';
import type { Task } from '../core/tasks';
import type { SecretName } from '../core/credentials';
import type { EndpointStore } from './endpoints/endpoint-store';
import type { TreeNode } from './tree/tree-model';
import type { RunMode } from './run-mode';

export interface ModelSnapshot {
  id: string;
  label: string;
  tasks: Task[];
  url?: string;
  contextLength?: number;
}

export interface EndpointSnapshot {
  id: string;
  label: string;
  platform: Platform;
  baseUrl: string;
  status: 'loading' | 'ready' | 'error' | 'missingCredentials';
  models: ModelSnapshot[];
  error?: { kind: ErrorKind; status?: number; message: string };
  missingCredentials?: SecretName[];
  /** When a stored credential is not used because it was entered for another origin: that origin. */
  enteredFor?: string;
  warnings: string[];
}

/** A node of the Endpoints view as shown (label, description, codicon, context value), with its children. */
export interface TreeNodeSnapshot {
  kind: TreeNode['kind'];
  label: string;
  description?: string;
  icon: string;
  contextValue?: string;
  tooltip?: string;
  command?: string;
  children: TreeNodeSnapshot[];
}

export interface MaasTestApi {
  /** The valid endpoints of `maas.endpoints`, in order, with what discovery found so far. */
  endpoints(): EndpointSnapshot[];
  /** The invalid entries, each with its field and message. */
  problems(): ConfigProblem[];
  /** Re-reads the settings and rediscovers every endpoint; resolves when all have finished. */
  refresh(): Promise<void>;
  /** Resolves when no discovery is running. */
  whenIdle(): Promise<void>;
  /** The Endpoints view's nodes as they are shown now. */
  treeSnapshot(): TreeNodeSnapshot[];
  /** The names (never the values) of the secrets stored for an endpoint, e.g. `["apiKey"]`. */
  storedSecretNames(endpointId: string): Promise<SecretName[]>;
  /** The last lines written to the "MaaS Connect" log. */
  recentLog(): string[];
  /**
   * Runs the MAAS_DEMO_SECRETS import (as activation does) against the real SecretStorage with the given
   * run mode; resolves with how many secrets were stored.
   */
  importDemoSecrets(raw: string, mode: RunMode): Promise<number>;
}

export function endpointSnapshots(store: EndpointStore): EndpointSnapshot[] {
  return store.list().map(({ endpoint: e, status, warnings }) => ({
    id: e.id, label: e.label, platform: e.platform, baseUrl: e.baseUrl, status: status.state, warnings: [...warnings],
    models: status.state === 'ready'
      ? status.models.map((m) => ({ id: m.id, label: m.label, tasks: [...m.tasks], ...(m.url ? { url: m.url } : {}), ...(m.contextLength ? { contextLength: m.contextLength } : {}) }))
      : [],
    ...(status.state === 'error' ? { error: { kind: status.kind, message: status.message, ...(status.status !== undefined ? { status: status.status } : {}) } } : {}),
    ...(status.state === 'missingCredentials' ? { missingCredentials: [...status.missing], ...(status.enteredFor ? { enteredFor: status.enteredFor } : {}) } : {}),
  }));
}

export function treeSnapshot(nodes: readonly TreeNode[]): TreeNodeSnapshot[] {
  return nodes.map((n) => ({
    kind: n.kind, label: n.label, icon: n.icon,
    ...(n.description !== undefined ? { description: n.description } : {}),
    ...(n.contextValue !== undefined ? { contextValue: n.contextValue } : {}),
    ...(n.tooltip !== undefined ? { tooltip: n.tooltip } : {}),
    ...(n.command ? { command: n.command.id } : {}),
    children: treeSnapshot(n.children),
  }));
}
