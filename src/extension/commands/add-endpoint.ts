/**
 * MaaS: Add Endpoint… — the guided flow, then a connection check with the typed values, then secrets →
 * settings → discovery. Nothing is written unless the check passes or the user says "Save anyway";
 * Escape writes nothing.
 */
import * as vscode from 'vscode';
import { noticeText } from '../notice-text';
import { parseEndpoints } from '../../core/endpoint/config';
import { PLATFORM_GUIDES } from '../config/platform-guide';
import type { Services } from '../services';
import { askNewEndpoint, keyStepOf, type AddEndpointAnswers, type NewEndpoint } from './add-endpoint-flow';
import { failureDetail, failureSentence, keyLikelyWrong, modelsFound } from './check-outcome';
import { askAfterFailedCheck, checkConnection, typedCredentials } from './connection-check';
import { QuickInputPrompter } from './multi-step-input';
import { Commands, SET_CREDENTIALS_TITLE } from './ids';
import { commandAction, notify } from '../notify';

const FIX_KEY = 'Fix key';
const EDIT_URL = 'Edit URL';
const SAVE_ANYWAY = 'Save anyway';

/** Resolves with the new endpoint's id, or undefined when cancelled. */
export async function addEndpoint(s: Services): Promise<string | undefined> {
  const taken = s.settings.takenIds();
  const answers: AddEndpointAnswers = {};
  let startAt: keyof AddEndpointAnswers | undefined;
  for (;;) {
    const result = await askNewEndpoint(new QuickInputPrompter(), taken, answers, startAt);
    if (!result) {
      s.log.debug('Add Endpoint cancelled; nothing was written');
      return undefined;
    }
    // The flow validates each answer; core has the last word on the entry as a whole.
    const check = parseEndpoints([result.entry]);
    const endpoint = check.endpoints[0];
    if (check.problems.length || !endpoint) {
      vscode.window.showErrorMessage(noticeText(`MaaS: the new endpoint is not valid: ${check.problems.map((p) => p.message).join('; ')}`));
      return undefined;
    }
    const outcome = await checkConnection(endpoint, typedCredentials(result.secrets), s.log);
    if (outcome.ok) return save(s, result, endpoint.label, `MaaS: "${endpoint.label}" added: ${modelsFound(outcome.modelCount)}.`);
    if (!outcome.cancelled && outcome.kind === 'config' && result.secrets.length === 0 && endpoint.auth.type !== 'none') {
      // The key was left empty on purpose ("set it later"): save, and say how to set it. (Any other
      // configuration failure, such as a proxy asking for credentials, goes to the dialog below.)
      return save(s, result, endpoint.label, `MaaS: "${endpoint.label}" added. Set its ${PLATFORM_GUIDES[endpoint.platform].keyName} with "${SET_CREDENTIALS_TITLE}" to list its models.`, true);
    }
    const keyStep = keyStepOf(taken, answers);
    const guide = PLATFORM_GUIDES[endpoint.platform];
    const sentence = failureSentence(outcome, { baseUrl: endpoint.baseUrl, keyName: guide.keyName, platformLabel: guide.label, hasKey: result.secrets.length > 0 });
    s.log.info(`Add Endpoint: connection check of "${endpoint.id}" failed: ${outcome.cancelled ? 'cancelled' : outcome.message}`);
    const choices = keyStep && keyLikelyWrong(outcome) ? [FIX_KEY, EDIT_URL, SAVE_ANYWAY] : keyStep ? [EDIT_URL, FIX_KEY, SAVE_ANYWAY] : [EDIT_URL, SAVE_ANYWAY];
    const detail = [
      failureDetail(outcome),
      `${keyStep ? `"${FIX_KEY}" goes back to the ${guide.keyName} and "${EDIT_URL}" to the address` : `"${EDIT_URL}" goes back to the address`}, with your other answers kept. "${SAVE_ANYWAY}" saves the endpoint as it is; "Discard" saves nothing.`,
    ].filter(Boolean).join('\n\n');
    const choice = await askAfterFailedCheck(sentence, detail, choices);
    if (choice === SAVE_ANYWAY) return save(s, result, endpoint.label, `MaaS: "${endpoint.label}" saved without a successful check: ${sentence}`);
    if (choice === FIX_KEY && keyStep) {
      // A rejected key is no use as the next box's text: start it empty (a client id is kept).
      if (keyStep === 'apiKey') delete answers.apiKey; else delete answers.clientSecret;
      startAt = keyStep;
    } else if (choice === EDIT_URL) {
      startAt = 'baseUrl';
    } else {
      s.log.debug('Add Endpoint discarded after the connection check; nothing was written');
      return undefined;
    }
  }
}

async function save(s: Services, result: NewEndpoint, label: string, message: string, offerCredentials = false): Promise<string> {
  const id = String(result.entry.id);
  // Secrets first, so the first discovery finds them; an earlier endpoint with this id may have left some.
  await s.secrets.deleteAll(id);
  const endpoint = parseEndpoints([result.entry]).endpoints[0]; // each secret is bound to the origin it was entered for
  for (const secret of result.secrets) await s.secrets.store(id, secret.name, secret.value, endpoint);
  await s.settings.addEndpoint(result.entry);
  s.log.info(`endpoint "${id}" added (${String(result.entry.platform)} at ${String(result.entry.baseUrl)})`);
  await s.reload();
  await s.reveal(id);
  if (offerCredentials) {
    notify(s.log, 'info', message, commandAction('Set Credentials', Commands.setCredentials, id));
  } else {
    vscode.window.showInformationMessage(noticeText(message));
  }
  s.log.debug(`Add Endpoint: "${label}" saved`);
  return id;
}
