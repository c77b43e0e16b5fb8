// Import first (before any module that imports `vscode`) in unit tests of host code.
import { withFakeVscode } from './fakeVscode';

withFakeVscode();
