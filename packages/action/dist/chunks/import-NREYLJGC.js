import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a,b}from"./chunk-POS3INHI.js";import"./chunk-OM6BWDUW.js";import"./chunk-ADJNKWXV.js";import"./chunk-6S7ZBL4O.js";import"./chunk-IA6M3UNS.js";import"./chunk-EFYOBFGV.js";export{a as IMPORTED_FILE,b as importCommand};
