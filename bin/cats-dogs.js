#!/usr/bin/env node
'use strict';
require('../dist/engine.js');
