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
  showBestRun: 'catsDogs.showBestRun',
  openWalkthrough: 'catsDogs.openWalkthrough',
  /** Registered by the config-editing side: (configUri?: Uri, runId?: string). */
  newVariant: 'catsDogs.newVariant',
  /** Registered by the export side; the walkthrough's last step runs it. */
  exportResults: 'catsDogs.exportResults',
} as const;

export const EXPERIMENTS_VIEW_ID = 'catsDogs.experiments';

/** The walkthrough as workbench.action.openWalkthrough names it: `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'cats-vs-dogs-lab.cats-vs-dogs-lab#lab';
