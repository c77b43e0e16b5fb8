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
  /** Registered by the config-editing side: (configUri?: Uri, runId?: string). */
  newVariant: 'catsDogs.newVariant',
} as const;

export const EXPERIMENTS_VIEW_ID = 'catsDogs.experiments';
