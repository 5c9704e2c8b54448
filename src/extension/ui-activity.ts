/**
 * Whether one of our quick inputs is on screen. VS Code's tree view takes keyboard focus back after a
 * refresh when it had focus before, so a redraw of the Endpoints view while the user types into a
 * (password) box could send the keystrokes to the tree's type-to-find box instead. The tree defers its
 * redraws while an input is open and draws once it closes.
 */
type Listener = () => void;

export class UiActivity {
  private open = 0;
  private readonly idleListeners = new Set<Listener>();

  get busy(): boolean {
    return this.open > 0;
  }

  /** Marks an input as shown; call the returned function once when it is closed. */
  begin(): () => void {
    this.open++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open--;
      if (this.open === 0) for (const l of [...this.idleListeners]) l();
    };
  }

  onIdle(listener: Listener): { dispose(): void } {
    this.idleListeners.add(listener);
    return { dispose: () => this.idleListeners.delete(listener) };
  }
}

/** One per extension host: every flow's prompter and the Endpoints view share it. */
export const uiActivity = new UiActivity();

/** Runs a one-shot quick pick / input box (`window.showQuickPick`, …) as UI activity. */
export async function whileShown<T>(show: () => Thenable<T>): Promise<T> {
  const end = uiActivity.begin();
  try {
    return await show();
  } finally {
    end();
  }
}
