import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a,b}from"./chunk-A2D7P42B.js";import"./chunk-YL4R5DMS.js";import"./chunk-UP7DHRQY.js";import"./chunk-73VEB2BM.js";import"./chunk-IA6M3UNS.js";import"./chunk-EFYOBFGV.js";export{a as IMPORTED_FILE,b as importCommand};
