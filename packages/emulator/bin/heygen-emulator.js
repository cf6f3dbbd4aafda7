#!/usr/bin/env node
// The bin lives outside dist/ so it exists before the first build: pnpm links bins at
// install time and warns about a missing target.
import "../dist/bin.js"
