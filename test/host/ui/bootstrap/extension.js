// The host tests' launcher, installed by test/host/run-host-tests.mjs next to MaaS Connect (which is
// loaded as the extension under development). It runs $MAAS_HOST_TESTS_MODULE's run() (out/test/host/index.js) once the workbench has
// started and reports the outcome to the runner's driver endpoint ({"action":"exit","code"}).
// Why not VS Code's extensionTestsPath: in that mode the workbench refuses every modal dialog
// (DialogService.skipDialogs), so a test could not see or click one as a person would.
'use strict';

async function report(body) {
  await fetch(process.env.MAAS_TEST_DRIVER_URL, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

async function runTests() {
  let code = 1;
  let error;
  try {
    await require(process.env.MAAS_HOST_TESTS_MODULE).run();
    code = 0;
  } catch (e) {
    error = String((e && e.stack) || e);
  }
  await report({ action: 'exit', code, error });
}

exports.activate = function activate() {
  if (!process.env.MAAS_HOST_TESTS_MODULE || !process.env.MAAS_TEST_DRIVER_URL) return;
  void runTests().catch((e) => console.error('host test runner: could not report the result', e));
};
exports.deactivate = function deactivate() {};
