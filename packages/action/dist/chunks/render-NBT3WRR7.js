import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a as z,c as k}from"./chunk-WDCK3OCO.js";import{a as c,b as l}from"./chunk-URMNFXWX.js";import{I as p,J as A,a as w,e as g,g as S,j as $,v,y,z as b}from"./chunk-CJNQCVNK.js";import"./chunk-EFYOBFGV.js";import{dirname as D,resolve as I}from"node:path";var C=["arm","az","manifests"];async function T(u,r,t){let E=z(r.format),n=r.as;if(!C.includes(n))throw new l(`--as must be ${C.join(", ")}${r.as?`; got "${r.as}"`:""}.`);if(u.length===0)throw new l("render needs at least one spec file or folder.");let x=g(u,t.cwd),o=S(x);if(w(o.diagnostics))return t.stderr(k(o.diagnostics.filter(e=>e.severity==="error"))),t.stderr(`\u2717 nothing rendered: fix the errors above first (aml-k8s validate shows warnings too).
`),c.failed;let m=[];for(let e of o.specs)try{let s=v(e.doc,{specDir:D(I(t.cwd,e.parsed.file)),resolveSecrets:r.showSecrets,env:t.env});m.push({file:e.parsed.file,name:e.doc.metadata.name,state:s})}catch(s){if(s instanceof $)return t.stderr(`${e.parsed.file}: ${s.message}
`),c.failed;throw s}let i=e=>t.stdout(e);if(E==="json"){let e=m.map(({file:s,name:a,state:d})=>{let f=o.specs.find(h=>h.parsed.file===s&&h.doc.metadata.name===a).doc;return n==="arm"?{file:s,name:a,requests:y(d,{showSecrets:r.showSecrets})}:n==="az"?{file:s,name:a,commands:p(f)}:{file:s,name:a,manifests:d.manifests}});return i(`${JSON.stringify(e,null,2)}
`),c.ok}for(let{file:e,name:s,state:a}of m){let d=o.specs.find(f=>f.parsed.file===e&&f.doc.metadata.name===s).doc;d.spec.state==="absent"&&n!=="az"&&i(`# ${e}: ${s} has state: absent; apply detaches it and removes what it declares. As present it would be:
`),i(n==="arm"?`${b(a,{showSecrets:r.showSecrets})}
`:n==="az"?`${p(d)}
`:`# ${e}: ${s}
${A(a)}
`)}return c.ok}export{T as renderCommand};
