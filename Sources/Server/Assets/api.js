// Calls this server's Kaltura-compatible API in JSON (format 1), and keeps the pane's session.
"use strict";

const Api = (() => {
  async function call(service, action, parameters) {
    const response = await fetch(`/api_v3/service/${service}/action/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ format: 1, ...parameters }),
    });
    const result = await response.json();
    if (result && result.objectType === "KalturaAPIException") {
      const error = new Error(result.message || result.code);
      error.code = result.code;
      throw error;
    }
    return result;
  }

  const storageKey = "webcast-analytics-ks";

  function session() {
    return sessionStorage.getItem(storageKey);
  }

  async function signIn(partnerId, secret, ks) {
    if (!ks) {
      ks = await call("session", "start", { partnerId, secret, type: 2, userId: "live-pane", expiry: 86400 });
    }
    sessionStorage.setItem(storageKey, ks);
    return ks;
  }

  function signOut() {
    sessionStorage.removeItem(storageKey);
  }

  // The partner id inside a KS (its info part begins with it), for display only.
  function partnerOf(ks) {
    try {
      const decoded = atob(ks.replace(/-/g, "+").replace(/_/g, "/"));
      return decoded.split("|")[1].split(";")[0];
    } catch {
      return "?";
    }
  }

  // Wires the page's sign-in form (#signin with #partner-id, #secret or #ks) and resumes a saved
  // session. `start(ks)` throws when the session cannot read the data, so a wrong secret sees none.
  function bindSignIn(start) {
    const form = document.getElementById("signin");
    const error = document.getElementById("signin-error");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        const field = (id) => document.getElementById(id).value.trim();
        await start(await signIn(field("partner-id"), document.getElementById("secret").value, field("ks")));
      } catch (failure) {
        signOut();
        error.textContent = `Sign-in failed: ${failure.message}`;
      }
    });
    const saved = session();
    if (saved) {
      start(saved).catch(() => {
        signOut();
        form.hidden = false;
      });
    } else {
      form.hidden = false;
    }
  }

  return { call, session, signIn, signOut, partnerOf, bindSignIn };
})();
