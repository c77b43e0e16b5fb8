/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  prepareDataset: 'catsDogs.prepareDataset',
  train: 'catsDogs.train',
  openConfig: 'catsDogs.openConfig',
  showExperiments: 'catsDogs.showExperiments',
} as const;

export const EXPERIMENTS_VIEW_ID = 'catsDogs.experiments';
