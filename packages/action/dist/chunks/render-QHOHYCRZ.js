import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a as k,c as z}from"./chunk-5LHF7QSR.js";import{a as i,b as l}from"./chunk-URMNFXWX.js";import{A as b,a as h,e as w,g as S,i as $,u as v,x as y,y as A,z as p}from"./chunk-QGJ7A4IM.js";import"./chunk-EFYOBFGV.js";import{dirname as D,resolve as I}from"node:path";var C=["arm","az","manifests"];async function T(u,s,t){let E=k(s.format),o=s.as;if(!C.includes(o))throw new l(`--as must be ${C.join(", ")}${s.as?`; got "${s.as}"`:""}.`);if(u.length===0)throw new l("render needs at least one spec file or folder.");let x=w(u,t.cwd),a=S(x);if(h(a.diagnostics))return t.stderr(z(a.diagnostics.filter(e=>e.severity==="error"))),t.stderr(`\u2717 nothing rendered: fix the errors above first (aml-k8s validate shows warnings too).
`),i.failed;let m=[];for(let e of a.specs)try{let r=v(e.doc,{specDir:D(I(t.cwd,e.parsed.file)),resolveSecrets:s.showSecrets,env:t.env});m.push({file:e.parsed.file,name:e.doc.metadata.name,state:r})}catch(r){if(r instanceof $)return t.stderr(`${e.parsed.file}: ${r.message}
`),i.failed;throw r}let d=e=>t.stdout(e);if(E==="json"){let e=m.map(({file:r,name:n,state:c})=>{let f=a.specs.find(g=>g.parsed.file===r&&g.doc.metadata.name===n).doc;return o==="arm"?{file:r,name:n,requests:y(c,{showSecrets:s.showSecrets})}:o==="az"?{file:r,name:n,commands:p(f)}:{file:r,name:n,manifests:c.manifests}});return d(`${JSON.stringify(e,null,2)}
`),i.ok}for(let{file:e,name:r,state:n}of m){let c=a.specs.find(f=>f.parsed.file===e&&f.doc.metadata.name===r).doc;d(o==="arm"?`${A(n,{showSecrets:s.showSecrets})}
`:o==="az"?`${p(c)}
`:`# ${e}: ${r}
${b(n)}
`)}return i.ok}export{T as renderCommand};
