// A few of VS Code's theme variables (Dark Modern, Light Modern), as VS Code sets them on a webview.
const dark = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif', 'font-size': '13px', 'font-weight': 'normal', 'editor-font-family': '"Droid Sans Mono", monospace',
  foreground: '#cccccc', descriptionForeground: '#9d9d9d', 'editor-background': '#1f1f1f', focusBorder: '#0078d4', errorForeground: '#f85149',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': 'rgba(255,255,255,0.07)',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'input-background': '#313131', 'input-border': '#3c3c3c', 'input-foreground': '#cccccc', 'input-placeholderForeground': '#989898',
  'dropdown-background': '#313131', 'dropdown-border': '#3c3c3c', 'dropdown-foreground': '#cccccc', 'settings-dropdownListBorder': '#454545',
  'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'panel-border': '#2b2b2b', 'list-hoverBackground': '#2a2d2e',
  'list-inactiveSelectionBackground': '#37373d', 'list-activeSelectionBackground': '#04395e', 'toolbar-hoverBackground': 'rgba(90,93,94,0.31)',
  'textLink-foreground': '#4daafc', 'progressBar-background': '#0078d4', 'testing-iconPassed': '#73c991', 'testing-iconFailed': '#f14c4c',
  'inputValidation-errorBackground': '#5a1d1d', 'inputValidation-errorBorder': '#be1100', 'inputValidation-warningBackground': '#352a05', 'inputValidation-warningBorder': '#b89500',
  'charts-foreground': '#cccccc', 'charts-lines': 'rgba(204,204,204,0.5)', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700',
  'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7', 'diffEditor-insertedLineBackground': 'rgba(155,185,85,0.2)',
  'checkbox-selectBackground': '#0078d4', 'textCodeBlock-background': '#2b2b2b',
  'settings-textInputBackground': '#313131', 'settings-textInputBorder': '#3c3c3c', 'settings-textInputForeground': '#cccccc',
  'settings-dropdownBackground': '#313131', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownForeground': '#cccccc',
  'list-activeSelectionForeground': '#ffffff', 'widget-shadow': 'rgba(0,0,0,0.36)', 'sideBar-background': '#181818',
};
const light = {
  ...dark,
  foreground: '#3b3b3b', descriptionForeground: '#3b3b3b', 'editor-background': '#ffffff', focusBorder: '#005fb8', errorForeground: '#f85149',
  'button-background': '#005fb8', 'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
  'input-background': '#ffffff', 'input-border': '#cecece', 'input-foreground': '#3b3b3b', 'input-placeholderForeground': '#767676',
  'dropdown-background': '#ffffff', 'dropdown-border': '#cecece', 'dropdown-foreground': '#3b3b3b',
  'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'panel-border': '#e5e5e5', 'list-hoverBackground': '#f2f2f2',
  'list-inactiveSelectionBackground': '#e4e6f1', 'toolbar-hoverBackground': 'rgba(184,184,184,0.31)', 'textLink-foreground': '#005fb8',
  'progressBar-background': '#005fb8', 'testing-iconPassed': '#388a34', 'testing-iconFailed': '#e51400',
  'inputValidation-errorBackground': '#f2dede', 'inputValidation-errorBorder': '#be1100', 'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-warningBorder': '#b89500',
  'charts-foreground': '#616161', 'charts-lines': 'rgba(97,97,97,0.5)', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803',
  'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90', 'diffEditor-insertedLineBackground': 'rgba(156,204,44,0.25)', 'textCodeBlock-background': '#f8f8f8',
  'settings-textInputBackground': '#ffffff', 'settings-textInputBorder': '#cecece', 'settings-textInputForeground': '#3b3b3b',
  'settings-dropdownBackground': '#ffffff', 'settings-dropdownBorder': '#cecece', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownListBorder': '#c8c8c8',
  'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'widget-shadow': 'rgba(0,0,0,0.16)', 'sideBar-background': '#f8f8f8',
};
const block = (vars) => Object.entries(vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
export const THEMES = `body.vscode-dark { ${block(dark)} } body.vscode-light { ${block(light)} }`;
/** What shows behind a transparent page: VS Code paints the side bar (or editor) colour behind the webview. */
export const HOST_BACKGROUND = (where) =>
  `html:has(> body.vscode-dark) { background: ${where === 'sidebar' ? dark['sideBar-background'] : dark['editor-background']}; } ` +
  `html:has(> body.vscode-light) { background: ${where === 'sidebar' ? light['sideBar-background'] : light['editor-background']}; }`;
