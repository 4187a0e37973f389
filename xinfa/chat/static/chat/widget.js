/* Embeddable Xinfa chat button for the bank's site. Usage (see docs/live-chat.md "Pages"):
   <script src="https://xinfa.example/static/chat/widget.js" defer></script>
   Optional: data-label="在线客服" on the script tag. Opens /chat/widget/?embed=1 in an iframe. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("xinfa-chat-launcher")) return;
  var origin = new URL(script.src, location.href).origin;
  var label = script.getAttribute("data-label") || "在线客服";
  var button = document.createElement("button");
  button.id = "xinfa-chat-launcher";
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:20px;bottom:20px;z-index:2147483000;font-size:18px;" +
    "padding:12px 22px;border-radius:28px;border:0;background:#1d5a96;color:#fff;cursor:pointer;" +
    "box-shadow:0 2px 10px rgba(0,0,0,.25)";
  var frame = null;
  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/chat/widget/?embed=1";
      frame.title = label;
      frame.style.cssText = "position:fixed;right:20px;bottom:84px;z-index:2147483000;border:1px solid #d5dbe3;" +
        "border-radius:12px;background:#fff;width:min(420px,calc(100vw - 40px));" +
        "height:min(640px,calc(100vh - 110px));box-shadow:0 4px 24px rgba(0,0,0,.2)";
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    button.setAttribute("aria-expanded", frame.hidden ? "false" : "true");
  });
  document.body.appendChild(button);
})();
