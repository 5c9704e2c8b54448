/**
 * Every command id of the extension, declared once. Code refers to `Commands.x`, never to a bare string;
 * a unit test checks these against package.json's `contributes.commands`.
 */
export const Commands = {
  addEndpoint: 'maas.addEndpoint',
  editEndpoint: 'maas.editEndpoint',
  removeEndpoint: 'maas.removeEndpoint',
  openEndpointSettings: 'maas.openEndpointSettings',
  setCredentials: 'maas.setCredentials',
  clearCredentials: 'maas.clearCredentials',
  refresh: 'maas.refresh',
  refreshAll: 'maas.refreshAll',
  testConnection: 'maas.testConnection',
  setDefaultChatModel: 'maas.setDefaultChatModel',
  copyModelId: 'maas.copyModelId',
  showLog: 'maas.showLog',
  explainSelection: 'maas.explainSelection',
  refactorSelection: 'maas.refactorSelection',
  acceptRefactor: 'maas.acceptRefactor',
  discardRefactor: 'maas.discardRefactor',
  openTaskPanel: 'maas.openTaskPanel',
  runTask: 'maas.runTask',
  rerankSelection: 'maas.rerankSelection',
  embedSelection: 'maas.embedSelection',
  transcribeFile: 'maas.transcribeFile',
} as const;

/** The Set Credentials command as users see it in the Command Palette (category: title); a unit test checks package.json. */
export const SET_CREDENTIALS_TITLE = 'MaaS: Set Credentials…';

export type CommandKey = keyof typeof Commands;
export type CommandId = (typeof Commands)[CommandKey];

/** The view and its container (package.json `contributes.views`). */
export const VIEW_CONTAINER_ID = 'maas';
export const ENDPOINTS_VIEW_ID = 'maas.endpoints';

/** Context keys set for `when` clauses. */
export const ContextKeys = {
  hasEndpoints: 'maas.hasEndpoints',
  /** The walkthrough's steps (see walkthrough-state.ts for why they are not the keys above): some endpoint is configured. */
  walkthroughEndpoint: 'maas.walkthrough.hasEndpoint',
  /** Some endpoint has the credentials it needs stored (or needs none): "Set its key". */
  walkthroughCredentials: 'maas.walkthrough.hasCredentials',
  /** Some endpoint's discovery listed at least one model: "See its models". */
  walkthroughModels: 'maas.walkthrough.hasModels',
  /** A refactor proposal has finished streaming and waits for Accept or Discard. */
  refactorReady: 'maas.refactorReady',
} as const;
