import { createRequire as __amlCreateRequire } from 'node:module'; const require = __amlCreateRequire(import.meta.url);
import{a as o,b as i,c as m,f as l}from"./chunks/chunk-ZTOMUI4L.js";import{parseArgs as f}from"node:util";var h={format:{type:"string",short:"f"}},a={validate:{summary:"check spec files against every Azure rule",usage:"aml-k8s validate PATH... [--format text|json]",options:{...h},run:async(s,e,r)=>(await import("./chunks/validate-ZU7BZ2NM.js")).validateCommand(s,{format:e.format},r)}};function c(){let s=Math.max(...Object.keys(a).map(e=>e.length));return["aml-k8s: declarative Azure ML compute on AKS and Arc-enabled Kubernetes","","Usage: aml-k8s COMMAND [options]","",...Object.entries(a).map(([e,r])=>`  ${e.padEnd(s)}  ${r.summary}`),"","Run `aml-k8s COMMAND --help` for a command's options. Docs: docs/cli.md",""].join(`
`)}async function p(s,e){let[r,...g]=s;if(!r||r==="--help"||r==="-h"||r==="help")return e.stdout(c()),r?o.ok:o.usage;if(r==="--version")return e.stdout(`aml-k8s 0.1.0
`),o.ok;let t=a[r];if(!t)return e.stderr(`aml-k8s: unknown command "${r}".

${c()}`),o.usage;try{let{values:n,positionals:d}=f({args:g,options:{...t.options,help:{type:"boolean",short:"h"}},allowPositionals:!0,strict:!0});return n.help?(e.stdout(`Usage: ${t.usage}
`),o.ok):await t.run(d,n,e)}catch(n){if(n instanceof i||n instanceof TypeError&&"code"in n&&String(n.code).startsWith("ERR_PARSE_ARGS"))return e.stderr(`aml-k8s ${r}: ${n.message}
Usage: ${t.usage}
`),o.usage;if(n instanceof l)return e.stderr(`aml-k8s ${r}: ${n.message}
`),o.usage;throw n}}var u=new AbortController;process.once("SIGINT",()=>u.abort());p(process.argv.slice(2),{...m(),signal:u.signal}).then(s=>{process.exitCode=s},s=>{process.stderr.write(`aml-k8s: internal error: ${s instanceof Error?s.message:String(s)}
`),process.exitCode=1});
