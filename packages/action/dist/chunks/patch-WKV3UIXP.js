import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a}from"./chunk-34QPFBMJ.js";import"./chunk-EFYOBFGV.js";export{a as PatchStrategy};
