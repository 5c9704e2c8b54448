import * as assert from 'node:assert/strict';
import { UiActivity } from '../../../src/extension/ui-activity';

describe('extension: UI activity', () => {
  it('is busy while any input is open and announces when the last one closes', () => {
    const a = new UiActivity();
    let idle = 0;
    a.onIdle(() => idle++);
    const end1 = a.begin();
    const end2 = a.begin();
    assert.equal(a.busy, true);
    end1();
    end1();
    assert.equal(idle, 0);
    assert.equal(a.busy, true);
    end2();
    assert.equal(a.busy, false);
    assert.equal(idle, 1);
  });
});
