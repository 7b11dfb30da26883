import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a as z,c as k}from"./chunk-PORJ2WI3.js";import{a as c,b as p}from"./chunk-KR6K2IXD.js";import{G as y,H as b,Q as l,R as A,c as w,f as g,p as S,s as $,x as v}from"./chunk-4OB6TRNW.js";import"./chunk-EFYOBFGV.js";import{dirname as D,resolve as I}from"node:path";var C=["arm","az","manifests"];async function T(u,r,t){let E=z(r.format),n=r.as;if(!C.includes(n))throw new p(`--as must be ${C.join(", ")}${r.as?`; got "${r.as}"`:""}.`);if(u.length===0)throw new p("render needs at least one spec file or folder.");let x=g(u,t.cwd),o=S(x);if(w(o.diagnostics))return t.stderr(k(o.diagnostics.filter(e=>e.severity==="error"))),t.stderr(`\u2717 nothing rendered: fix the errors above first (aml-k8s validate shows warnings too).
`),c.failed;let f=[];for(let e of o.specs)try{let s=v(e.doc,{specDir:D(I(t.cwd,e.parsed.file)),resolveSecrets:r.showSecrets,env:t.env});f.push({file:e.parsed.file,name:e.doc.metadata.name,state:s})}catch(s){if(s instanceof $)return t.stderr(`${e.parsed.file}: ${s.message}
`),c.failed;throw s}let i=e=>t.stdout(e);if(E==="json"){let e=f.map(({file:s,name:a,state:d})=>{let m=o.specs.find(h=>h.parsed.file===s&&h.doc.metadata.name===a).doc;return n==="arm"?{file:s,name:a,requests:y(d,{showSecrets:r.showSecrets})}:n==="az"?{file:s,name:a,commands:l(m)}:{file:s,name:a,manifests:d.manifests}});return i(`${JSON.stringify(e,null,2)}
`),c.ok}for(let{file:e,name:s,state:a}of f){let d=o.specs.find(m=>m.parsed.file===e&&m.doc.metadata.name===s).doc;d.spec.state==="absent"&&n!=="az"&&i(`# ${e}: ${s} has state: absent; apply detaches it and removes what it declares. As present it would be:
`),i(n==="arm"?`${b(a,{showSecrets:r.showSecrets})}
`:n==="az"?`${l(d)}
`:`# ${e}: ${s}
${A(a)}
`)}return c.ok}export{T as renderCommand};
