/*
 * The simulator page: one phone per simulated user. Everything a user does is sent to the
 * simulator's JSON API, which signs it as a LINE webhook event and posts it to the app; the
 * chat is polled from the fake LINE API's record of what the bot sent.
 */
(function () {
  'use strict';

  var POLL_MS = 700;
  var phones = {};
  var departments = [];

  function api(path, body) {
    var init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch('/simulator/api' + path, init).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw new Error(json.message || 'HTTP ' + res.status);
        return json;
      });
    });
  }

  function timeOf(ms) {
    return new Date(ms).toLocaleTimeString('th-TH', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit' });
  }

  function readAsBase64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).split(',')[1]); };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  /** One simulated user's phone: chat, quick replies, composer and rich menu. */
  function Phone(user) {
    this.user = user;
    this.last = 0;
    this.menuId = undefined;
    this.busy = Promise.resolve();
    this.node = document.getElementById('phone-template').content.firstElementChild.cloneNode(true);
    this.node.dataset.user = user.id;
    this.q = function (sel) { return this.node.querySelector(sel); };
    this.chat = this.q('[data-role=chat]');
    this.quick = this.q('[data-role=quick]');
    this.menu = this.q('[data-role=menu]');
    this.q('.name').textContent = user.name;
    this.q('.avatar').textContent = user.name.charAt(0);
    this.q('.role').textContent = user.role === 'officer' ? 'เจ้าหน้าที่ (officer)' : 'ประชาชน (citizen)';
    if (user.role === 'officer') this.setUpOfficerBar();
    this.wire();
  }

  Phone.prototype.setUpOfficerBar = function () {
    var bar = this.q('.officer-bar');
    bar.hidden = false;
    var select = this.q('[data-role=department]');
    departments.forEach(function (d) {
      var option = document.createElement('option');
      option.value = d.code;
      option.textContent = d.name;
      select.appendChild(option);
    });
    if (departments.some(function (d) { return d.code === 'public-works'; })) select.value = 'public-works';
  };

  Phone.prototype.wire = function () {
    var self = this;
    this.q('[data-role=composer]').addEventListener('submit', function (event) {
      event.preventDefault();
      var input = self.q('input[name=text]');
      var text = input.value.trim();
      if (!text) return;
      input.value = '';
      self.send({ type: 'text', text: text });
    });
    this.node.addEventListener('click', function (event) {
      var act = event.target.closest('[data-act]');
      if (!act || !self.node.contains(act)) return;
      var name = act.dataset.act;
      if (name === 'photo') self.pickPhotos();
      if (name === 'location') self.pickLocation();
      if (name === 'sticker') self.send({ type: 'sticker', packageId: '446', stickerId: '1988' });
      if (name === 'follow') self.send({ type: 'follow' });
      if (name === 'unfollow') self.send({ type: 'unfollow' });
      if (name === 'register') self.register();
      if (name === 'toggle-menu') self.menu.classList.toggle('closed');
    });
    this.q('[data-role=file]').addEventListener('change', function (event) {
      var files = Array.prototype.slice.call(event.target.files || [], 0, 5);
      event.target.value = '';
      if (files.length === 0) return;
      Promise.all(files.map(readAsBase64)).then(function (data) {
        self.send({ type: 'image', images: data.map(function (b64, i) { return { dataBase64: b64, contentType: files[i].type }; }) });
      });
    });
  };

  /** Sends one action; actions of one user go in order, as from one phone. */
  Phone.prototype.send = function (body) {
    var self = this;
    this.quick.textContent = '';
    this.busy = this.busy.then(function () {
      return api('/users/' + self.user.id + '/send', body).catch(function (err) { self.system('ส่งไม่สำเร็จ: ' + err.message); });
    });
    return this.busy;
  };

  Phone.prototype.register = function () {
    var self = this;
    var body = { departmentCode: this.q('[data-role=department]').value, role: this.q('[data-role=officer-role]').value };
    api('/users/' + this.user.id + '/register-officer', body).catch(function (err) { self.system('ลงทะเบียนไม่สำเร็จ: ' + err.message); });
  };

  Phone.prototype.pickPhotos = function () {
    this.q('[data-role=file]').click();
  };

  Phone.prototype.pickLocation = function () {
    var self = this;
    var dialog = this.q('[data-role=location-dialog]');
    var list = this.q('[data-role=points]');
    list.textContent = '';
    api('/demo-points').then(function (json) {
      json.points.forEach(function (p) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = p.title;
        b.addEventListener('click', function () {
          dialog.close('point');
          self.send({ type: 'location', title: p.title, address: p.address, latitude: p.latitude, longitude: p.longitude });
        });
        list.appendChild(b);
      });
    });
    dialog.onclose = function () {
      if (dialog.returnValue !== 'custom') return;
      var form = dialog.querySelector('form');
      self.send({ type: 'location', address: form.address.value, latitude: Number(form.lat.value), longitude: Number(form.lng.value) });
    };
    dialog.returnValue = '';
    dialog.showModal();
  };

  /** A date/time picker action: asks in a small dialog, then sends the postback with params. */
  Phone.prototype.pickDateTime = function (action) {
    var self = this;
    var dialog = this.q('[data-role=picker-dialog]');
    var input = this.q('[data-role=picker-input]');
    var mode = action.mode || 'datetime';
    input.type = mode === 'datetime' ? 'datetime-local' : mode;
    input.value = action.initial || '';
    if (action.min) input.min = action.min;
    if (action.max) input.max = action.max;
    this.q('[data-role=picker-title]').textContent = action.label || 'เลือกวันเวลา';
    dialog.onclose = function () {
      if (dialog.returnValue !== 'ok' || !input.value) return;
      var params = {};
      params[mode] = input.value;
      self.send({ type: 'postback', data: action.data, params: params });
    };
    dialog.returnValue = '';
    dialog.showModal();
  };

  /** What tapping an action does, as in LINE. */
  Phone.prototype.act = function (action) {
    switch (action.type) {
      case 'message': return this.send({ type: 'text', text: action.text });
      case 'postback':
        // inputOption "openKeyboard" opens the keyboard with fillInText, as LINE does.
        if (action.inputOption === 'openKeyboard') {
          var input = this.q('input[name=text]');
          input.value = action.fillInText || '';
          input.focus();
        }
        return this.send({ type: 'postback', data: action.data, displayText: action.displayText || action.text });
      case 'richmenuswitch': return this.send({ type: 'richmenuswitch', richMenuAliasId: action.richMenuAliasId, data: action.data });
      case 'camera':
      case 'cameraRoll': return this.pickPhotos();
      case 'location': return this.pickLocation();
      case 'datetimepicker': return this.pickDateTime(action);
      case 'uri': return window.open(action.uri, '_blank', 'noopener');
      case 'clipboard': return navigator.clipboard && navigator.clipboard.writeText(action.clipboardText);
      default: return this.system('การกระทำแบบ ' + action.type + ' ยังไม่รองรับในตัวจำลอง');
    }
  };

  Phone.prototype.system = function (text) {
    this.append({ from: 'system', message: { type: 'system', text: text }, at: Date.now() });
  };

  Phone.prototype.append = function (entry) {
    var self = this;
    var row = document.createElement('div');
    var message = entry.message;
    if (entry.seq) row.dataset.seq = entry.seq;
    if (message.type === 'system') {
      row.className = 'msg system';
      var pill = document.createElement('span');
      pill.className = 'pill';
      pill.textContent = { follow: 'เพิ่มเพื่อนแล้ว (follow)', unfollow: 'บล็อกแล้ว (unfollow)' }[message.text] || message.text;
      row.appendChild(pill);
    } else {
      row.className = 'msg ' + entry.from;
      row.appendChild(window.LineRender.renderMessage(message, function (a) { self.act(a); }, function (id) { return '/simulator/api/content/' + id; }));
      var time = document.createElement('span');
      time.className = 'time';
      time.textContent = timeOf(entry.at);
      row.appendChild(time);
      if (entry.via === 'push' || entry.via === 'multicast') {
        var via = document.createElement('span');
        via.className = 'via';
        via.textContent = entry.via;
        row.appendChild(via);
      }
    }
    var dots = this.q('.chat .loading');
    if (dots) dots.remove();
    this.chat.appendChild(row);
    this.chat.scrollTop = this.chat.scrollHeight;
  };

  /** LINE's loading animation, while the bot works on an answer. */
  Phone.prototype.showLoading = function (on) {
    var dots = this.q('.chat .loading');
    if (on && !dots) {
      dots = document.createElement('div');
      dots.className = 'msg loading';
      dots.innerHTML = '<span class="bubble-text">...</span>';
      this.chat.appendChild(dots);
      this.chat.scrollTop = this.chat.scrollHeight;
    } else if (!on && dots) {
      dots.remove();
    }
  };

  /** LINE shows the quick reply of the latest message only, until the user does something. */
  Phone.prototype.showQuickReply = function (message) {
    var self = this;
    this.quick.textContent = '';
    var items = (message.quickReply && message.quickReply.items) || [];
    items.forEach(function (item) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = item.action.label || '';
      b.dataset.actionType = item.action.type;
      b.addEventListener('click', function () { self.act(item.action); });
      self.quick.appendChild(b);
    });
  };

  Phone.prototype.drawMenu = function (menu, commands) {
    var self = this;
    var key = menu ? menu.richMenuId : 'none';
    if (key === this.menuId) return;
    this.menuId = key;
    this.menu.textContent = '';
    this.menu.dataset.richMenuId = menu ? menu.richMenuId : '';
    var toggle = this.q('.menu-toggle');
    if (!menu || !menu.imageUrl) {
      toggle.textContent = 'คำสั่งหลัก ▾';
      var grid = document.createElement('div');
      grid.className = 'commands';
      var note = document.createElement('div');
      note.className = 'note muted';
      note.textContent = 'ยังไม่มีริชเมนู (npm run menus -- apply) จึงแสดงคำสั่งหลักแทน';
      grid.appendChild(note);
      commands.forEach(function (word) {
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = word;
        b.addEventListener('click', function () { self.send({ type: 'text', text: word }); });
        grid.appendChild(b);
      });
      this.menu.appendChild(grid);
      return;
    }
    toggle.textContent = menu.chatBarText + ' ▾';
    var img = document.createElement('img');
    img.src = menu.imageUrl;
    img.alt = menu.chatBarText;
    this.menu.appendChild(img);
    menu.areas.forEach(function (area) {
      var b = area.bounds;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'area';
      button.title = area.action.label || area.action.text || area.action.type;
      button.style.left = (100 * b.x) / menu.size.width + '%';
      button.style.top = (100 * b.y) / menu.size.height + '%';
      button.style.width = (100 * b.width) / menu.size.width + '%';
      button.style.height = (100 * b.height) / menu.size.height + '%';
      button.addEventListener('click', function () { self.act(area.action); });
      self.menu.appendChild(button);
    });
    if (!menu.selected) this.menu.classList.add('closed');
    else this.menu.classList.remove('closed');
  };

  Phone.prototype.poll = function () {
    var self = this;
    return api('/users/' + this.user.id + '/messages?after=' + this.last).then(function (json) {
      var lastBot;
      json.entries.forEach(function (entry) {
        self.last = Math.max(self.last, entry.seq);
        self.append(entry);
        if (entry.from === 'bot') lastBot = entry.message;
        else {
          lastBot = undefined;
          self.quick.textContent = '';
        }
      });
      if (lastBot) self.showQuickReply(lastBot);
      self.showLoading(json.loading);
      self.drawMenu(json.menu, json.commands);
    });
  };

  function addTab(phone) {
    var tab = document.createElement('button');
    tab.type = 'button';
    tab.textContent = phone.user.name;
    tab.dataset.user = phone.user.id;
    tab.addEventListener('click', function () { select(phone.user.id); });
    document.getElementById('tabs').appendChild(tab);
  }

  function select(id) {
    Object.keys(phones).forEach(function (key) {
      phones[key].node.classList.toggle('active', key === id);
    });
    document.querySelectorAll('#tabs button').forEach(function (b) { b.setAttribute('aria-selected', String(b.dataset.user === id)); });
  }

  function addPhone(user) {
    var phone = new Phone(user);
    phones[user.id] = phone;
    document.getElementById('phones').appendChild(phone.node);
    addTab(phone);
    return phone;
  }

  function pollAll() {
    var ids = Object.keys(phones);
    Promise.all(ids.map(function (id) { return phones[id].poll().catch(function () {}); })).then(function () {
      setTimeout(pollAll, POLL_MS);
    });
  }

  /** The app's clock (it may have been moved to try deadlines and opening hours), in Bangkok time. */
  function showClock(json) {
    var text = new Date(json.now).toLocaleString('th-TH', { timeZone: 'Asia/Bangkok', dateStyle: 'medium', timeStyle: 'short' });
    document.getElementById('clock-now').textContent = text;
  }

  function refreshClock() {
    api('/clock').then(showClock).catch(function () {});
  }

  function wireClock() {
    document.getElementById('clock-set').addEventListener('click', function () {
      var value = document.getElementById('clock-at').value;
      if (!value) return;
      // The picker's value is read as Bangkok time (UTC+7), whatever the browser's zone.
      api('/clock', { at: value + ':00+07:00' }).then(showClock);
    });
    document.getElementById('clock-day').addEventListener('click', function () { api('/clock', { advanceMinutes: 1440 }).then(showClock); });
    document.getElementById('clock-reset').addEventListener('click', function () { api('/clock', { reset: true }).then(showClock); });
    refreshClock();
    setInterval(refreshClock, 15000);
  }

  function start() {
    wireClock();
    document.getElementById('side-by-side').addEventListener('change', function (event) {
      document.body.classList.toggle('single', !event.target.checked);
    });
    document.getElementById('add-user').addEventListener('click', function () {
      var name = window.prompt('ชื่อผู้ใช้ใหม่');
      if (!name) return;
      var officer = window.confirm('เป็นเจ้าหน้าที่หรือไม่? (OK = เจ้าหน้าที่, Cancel = ประชาชน)');
      api('/users', { name: name, role: officer ? 'officer' : 'citizen' }).then(function (json) { addPhone(json.user); });
    });
    Promise.all([api('/users'), api('/departments').catch(function () { return { departments: [] }; })]).then(function (results) {
      departments = results[1].departments;
      results[0].users.forEach(addPhone);
      if (results[0].users.length > 0) select(results[0].users[0].id);
      document.body.dataset.ready = 'true';
      pollAll();
    });
  }

  start();
})();
