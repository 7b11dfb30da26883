import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{b as e}from"./chunk-ADJNKWXV.js";import{e as o}from"./chunk-6S7ZBL4O.js";function m(n,r=["text","json"]){let t=n??"text";if(!r.includes(t))throw new e(`--format must be ${r.join(", ")}; got "${n}".`);return t}function g(n){return{errors:n.filter(r=>r.severity==="error").length,warnings:n.filter(r=>r.severity==="warning").length,infos:n.filter(r=>r.severity==="info").length}}function f(n){return n.map(r=>`${o(r)}
`).join("")}var u=(n,r)=>`${n} ${r}${n===1?"":"s"}`;function p(n,r,t,i={}){return`${JSON.stringify({error:{command:n,code:r,message:t,exitCode:1},...i},null,2)}
`}export{m as a,g as b,f as c,u as d,p as e};
