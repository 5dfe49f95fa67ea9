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

  return { call, session, signIn, signOut, partnerOf };
})();
