/** The "Endpoints" view: tree-model.ts nodes as TreeItems, rebuilt whenever the endpoint store changes. */
import * as vscode from 'vscode';
import type { EndpointStore } from '../endpoints/endpoint-store';
import { buildTree, type TreeNode } from './tree-model';
import { uiActivity, type UiActivity } from '../ui-activity';

const COLORS = { error: 'problemsErrorIcon.foreground', warning: 'problemsWarningIcon.foreground' } as const;

export class EndpointsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private readonly byKey = new Map<string, TreeNode>();
  private readonly parents = new Map<string, TreeNode>();
  private readonly subscription: { dispose(): void };
  private lastDrawn = '';
  private pending = false;

  /**
   * `defaultChatModel()` is `maas.defaultChatModel` (`<endpointId>/<modelId>`), marked in the tree.
   * `loaded()` settles once the endpoints have been read after activation: until then the view waits
   * (VS Code shows its progress bar), so the welcome content does not flash before the endpoints.
   */
  constructor(
    private readonly store: EndpointStore,
    private readonly defaultChatModel: () => string | undefined = () => undefined,
    private readonly activity: UiActivity = uiActivity,
    private readonly loaded: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.rebuild();
    this.lastDrawn = JSON.stringify(this.roots);
    const changed = store.onDidChange(() => this.redraw());
    const idle = activity.onIdle(() => { if (this.pending) { this.pending = false; this.redraw(); } });
    this.subscription = { dispose: () => { changed.dispose(); idle.dispose(); } };
  }

  /**
   * Rebuilds the nodes and, when they changed, tells VS Code to draw them again — later if one of our
   * quick inputs is open (a redraw would take the keyboard focus from it, see ui-activity.ts).
   */
  redraw(): void {
    this.rebuild();
    const drawn = JSON.stringify(this.roots);
    if (drawn === this.lastDrawn) return;
    if (this.activity.busy) {
      this.pending = true;
      return;
    }
    this.lastDrawn = drawn;
    this.changed.fire(undefined);
  }

  /** The nodes as they are shown now (the test API's `treeSnapshot()`). */
  snapshot(): TreeNode[] {
    return this.roots;
  }

  getTreeItem(stale: TreeNode): vscode.TreeItem {
    const node = this.byKey.get(stale.key) ?? stale;
    const collapsible = node.children.length
      ? (node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed)
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.key;
    if (node.description) item.description = node.description;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(COLORS[node.iconColor]) : undefined);
    if (node.tooltip) {
      const md = new vscode.MarkdownString(node.tooltip, true);
      md.isTrusted = false;
      item.tooltip = md;
    }
    if (node.contextValue) item.contextValue = node.contextValue;
    if (node.command) item.command = { command: node.command.id, title: node.command.title, arguments: node.command.args };
    return item;
  }

  /**
   * VS Code may hand back a node from an earlier build (it maps items by id), so children and parents
   * are looked up by key in the current build — never read from the node object passed in.
   */
  getChildren(node?: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    return node ? this.byKey.get(node.key)?.children ?? [] : this.loaded().then(() => this.roots);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.key);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rebuild(): void {
    this.roots = buildTree(this.store.list(), this.store.problems(), this.defaultChatModel());
    this.byKey.clear();
    this.parents.clear();
    const index = (nodes: TreeNode[], parent?: TreeNode) => nodes.forEach((n) => {
      this.byKey.set(n.key, n);
      if (parent) this.parents.set(n.key, parent);
      index(n.children, n);
    });
    index(this.roots);
  }
}
