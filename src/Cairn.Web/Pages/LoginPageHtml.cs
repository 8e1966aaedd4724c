using System.Text.Encodings.Web;
using Cairn.Web.Hosting;

namespace Cairn.Web.Pages;

/// <summary>The login page: self-contained (styles and logo inline), so nothing else is served without a session.</summary>
public static class LoginPageHtml
{
    public static string Render(WebBrand brand, string tokenField, string token, string? error, bool passwordSet)
    {
        var h = HtmlEncoder.Default;
        var product = h.Encode(brand.Product.ProductName);
        var logo = "data:image/png;base64," + Convert.ToBase64String(brand.LogoPng);
        var notice = passwordSet
            ? ""
            : $"<p class=\"notice\">No admin password is set yet. Start <code>{h.Encode(brand.Product.ShortName)}-gui</code> on this machine: it opens the interface logged in, and asks you to choose one.</p>";
        var errorHtml = error is null ? "" : $"<p class=\"error\" role=\"alert\">{h.Encode(error)}</p>";
        return $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Log in · {{product}}</title>
            <link rel="icon" href="{{logo}}">
            <style>
            {{BrandCss.Variables(brand.Colors)}}
            body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--background);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            .card{background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.12);padding:40px 44px;width:340px;text-align:center;border-top:6px solid var(--primary)}
            .card img{width:72px;height:72px;border-radius:16px}
            h1{font-size:22px;margin:14px 0 4px}
            .sub{color:#6b736f;margin:0 0 24px}
            label{display:block;text-align:left;font-weight:600;margin-bottom:6px}
            input[type=password]{width:100%;box-sizing:border-box;padding:10px 12px;border:1px solid #cfd4d1;border-radius:8px;font-size:15px}
            input[type=password]:focus{outline:2px solid var(--accent);border-color:transparent}
            button{margin-top:18px;width:100%;padding:11px;border:0;border-radius:8px;background:var(--primary);color:#fff;font-size:15px;font-weight:600;cursor:pointer}
            button:hover{filter:brightness(1.1)}
            .error{background:#fdecea;color:#9b2c1f;border-radius:8px;padding:8px 10px;margin:0 0 16px}
            .notice{background:#fff6e5;color:#6a4a12;border-radius:8px;padding:8px 10px;text-align:left;font-size:13px}
            </style></head>
            <body><main class="card">
            <img src="{{logo}}" alt="">
            <h1>{{product}}</h1>
            <p class="sub">Sign in to manage your backups</p>
            {{errorHtml}}{{notice}}
            <form method="post" action="/login">
            <input type="hidden" name="{{h.Encode(tokenField)}}" value="{{h.Encode(token)}}">
            <label for="password">Admin password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" autofocus required>
            <button type="submit">Log in</button>
            </form></main></body></html>
            """;
    }
}
