import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{b as e,e as o}from"./chunk-YKTNZJS6.js";function a(t,r=["text","json"]){let n=t??"text";if(!r.includes(n))throw new e(`--format must be ${r.join(", ")}; got "${t}".`);return n}function m(t){return{errors:t.filter(r=>r.severity==="error").length,warnings:t.filter(r=>r.severity==="warning").length,infos:t.filter(r=>r.severity==="info").length}}function f(t){return t.map(r=>`${o(r)}
`).join("")}var g=(t,r)=>`${t} ${r}${t===1?"":"s"}`;export{a,m as b,f as c,g as d};
