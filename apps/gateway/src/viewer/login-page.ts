const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The viewer's sign-in page: zh-CN, keyboard-first (autofocus, Enter submits), no script. */
export function loginPage(next: string, error?: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · 医共体影像阅片</title>
<style>
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #0b1a2e; color: #e6edf5;
         display: flex; min-height: 100vh; align-items: center; justify-content: center; margin: 0; }
  form { background: #13294b; padding: 2rem 2.5rem; border-radius: 8px; width: 20rem; }
  h1 { font-size: 1.25rem; margin: 0 0 1.5rem; }
  label { display: block; margin: 0.75rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; padding: 0.5rem; border-radius: 4px; border: 1px solid #3a5a85; background: #0b1a2e; color: inherit; }
  input:focus, button:focus { outline: 2px solid #5aa9ff; }
  button { margin-top: 1.5rem; width: 100%; padding: 0.6rem; border: 0; border-radius: 4px; background: #2f7de1; color: #fff; font-size: 1rem; cursor: pointer; }
  .error { background: #5c1f24; padding: 0.5rem; border-radius: 4px; margin-bottom: 1rem; }
</style></head>
<body><form method="post" action="/login">
  <h1>医共体影像阅片 · 登录</h1>
  ${error ? `<div class="error" role="alert">${escape(error)}</div>` : ''}
  <input type="hidden" name="next" value="${escape(next)}">
  <label for="username">用户名</label><input id="username" name="username" autocomplete="username" required autofocus>
  <label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">登录</button>
</form></body></html>`;
}

/** Who is signed in, shown over OHIF's own header, with sign-out. */
export function userBadge(name: string, institution: string): string {
  return `<div id="cmc-user" style="position:fixed;right:12px;bottom:10px;z-index:10000;background:#13294bcc;color:#e6edf5;font:13px 'Noto Sans CJK SC',sans-serif;padding:4px 10px;border-radius:4px">${escape(name)} · ${escape(institution)} · <a href="/logout" style="color:#8cc4ff">退出</a></div>`;
}
