#!/usr/bin/env node
// The installed command. It lives outside dist/ so that installing the workspace, before
// anything is built, can link it.
import '../dist/cli.js';
