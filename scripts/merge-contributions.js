// Dev tool: merges a contributions patch (settings, commands, menus, views, nls) into package.json.
// Usage: node scripts/merge-contributions.js patch.json
const fs=require('fs');
const p=JSON.parse(fs.readFileSync('package.json','utf8'));
const patch=JSON.parse(fs.readFileSync(process.argv[2],'utf8'));
const c=p.contributes;
for (const [k,v] of Object.entries(patch.settings||{})) c.configuration.properties[k]=v;
for (const cmd of patch.commands||[]) { c.commands=c.commands.filter(x=>x.command!==cmd.command); c.commands.push(cmd); }
for (const [menu, items] of Object.entries(patch.menus||{})) { c.menus=c.menus||{}; c.menus[menu]=(c.menus[menu]||[]).filter(x=>!items.some(i=>i.command===x.command && (i.group||'')===(x.group||'') && i.when===x.when)); c.menus[menu].push(...items); }
for (const [k,v] of Object.entries(patch.contributes||{})) c[k]=v;
fs.writeFileSync('package.json', JSON.stringify(p,null,2)+'\n');
const nls=JSON.parse(fs.readFileSync('package.nls.json','utf8'));
Object.assign(nls, patch.nls||{});
fs.writeFileSync('package.nls.json', JSON.stringify(nls,null,2)+'\n');
