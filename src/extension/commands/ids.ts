/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  prepareDataset: 'catsDogs.prepareDataset',
  train: 'catsDogs.train',
  openConfig: 'catsDogs.openConfig',
  showExperiments: 'catsDogs.showExperiments',
  showTraining: 'catsDogs.showTraining',
  cancelTraining: 'catsDogs.cancelTraining',
  openRunFolder: 'catsDogs.openRunFolder',
  compareRuns: 'catsDogs.compareRuns',
  /** (configUri?: Uri, runId?: string) or { config?, runId?, parameter?, value?, train? }. */
  newVariant: 'catsDogs.newVariant',
  queueSweep: 'catsDogs.queueSweep',
  showSweep: 'catsDogs.showSweep',
  cancelSweep: 'catsDogs.cancelSweep',
  classifyPhoto: 'catsDogs.classifyPhoto',
  classifyPhotoWithRun: 'catsDogs.classifyPhotoWithRun',
  showBestRun: 'catsDogs.showBestRun',
  openWalkthrough: 'catsDogs.openWalkthrough',
  /** The walkthrough's last step runs it. */
  exportResults: 'catsDogs.exportResults',
  showCache: 'catsDogs.showCache',
  /** ({ key?, confirm? }?): see ClearCacheArgs. */
  clearFeatureCache: 'catsDogs.clearFeatureCache',
} as const;

export const EXPERIMENTS_VIEW_ID = 'catsDogs.experiments';

/** The walkthrough as workbench.action.openWalkthrough names it: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'cats-vs-dogs-lab.cats-vs-dogs-lab#lab';
