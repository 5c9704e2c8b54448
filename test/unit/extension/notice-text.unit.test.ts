// Notifications render `[x](command:…)`, `[x](https://…)` and `[x](file:…)` as links: server text in one
// must not form a link (nor carry control characters, nor run on without end).
import * as assert from 'node:assert/strict';
import { noticeText } from '../../../src/extension/notice-text';

// VS Code's own pattern for links in a notification's message (vs/base/common/linkedText.ts, 1.139)
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

describe('extension: notification text', () => {
  it('no link forms from server text; the words stay readable', () => {
    const reason = 'denied: [click](command:workbench.action.quit) ![img](https://example.invalid/x.png) [f](file:///etc/passwd)';
    const shown = noticeText(`MaaS: ${reason}`);
    assert.equal(shown.match(LINK), null, shown);
    assert.equal(shown, 'MaaS: denied: [click] (command:workbench.action.quit) ![img] (https://example.invalid/x.png) [f] (file:///etc/passwd)');
  });

  it('removes control characters and caps the length', () => {
    assert.equal(noticeText('a\u001b[2Jb\u0007c\u202ed'), 'a[2Jbcd');
    const long = noticeText('x'.repeat(5000));
    assert.ok(long.length <= 1000, String(long.length));
    assert.ok(long.endsWith('…'));
  });

  it('leaves ordinary messages alone', () => {
    assert.equal(noticeText('MaaS: "Local vLLM" added: 4 models (see [docs]).'), 'MaaS: "Local vLLM" added: 4 models (see [docs]).');
  });
});
