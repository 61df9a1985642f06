/*
 * Draws LINE messages as LINE would: text, images, stickers, locations, templates and Flex
 * bubbles and carousels (boxes, texts, images, buttons, separators, colours and sizes close
 * enough to judge a layout). Every action calls onAction(action); the page decides what it does.
 */
(function () {
  'use strict';

  // LINE's keywords in pixels (approximately, from LINE's Flex documentation and the app).
  var TEXT_SIZE = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
  var SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  var IMAGE_SIZE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 220 };
  var RADIUS = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };

  /**
   * An image URL the browser can load: the app's own links (localhost, 127.0.0.1) are served by
   * this same server, whatever port the app believed it had (PORT=0 picks one at random).
   */
  function localUrl(url) {
    try {
      var u = new URL(url, window.location.href);
      if (u.hostname === 'localhost' || u.hostname === '127.0.0.1') return window.location.origin + u.pathname + u.search;
      return u.href;
    } catch (e) {
      return url;
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A LINE length keyword ("md") or a literal ("12px", "50%") as CSS. */
  function px(value, table) {
    if (value === undefined || value === null) return undefined;
    if (table && Object.prototype.hasOwnProperty.call(table, value)) return table[value] + 'px';
    return String(value);
  }

  function clickable(node, action, onAction) {
    if (!action) return;
    node.classList.add('clickable');
    node.addEventListener('click', function (event) {
      event.stopPropagation();
      onAction(action);
    });
  }

  function applyBoxStyles(node, c) {
    var s = node.style;
    if (c.backgroundColor) s.backgroundColor = c.backgroundColor;
    if (c.borderColor) s.borderColor = c.borderColor;
    if (c.borderWidth) { s.borderStyle = 'solid'; s.borderWidth = px(c.borderWidth, { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 }); }
    if (c.cornerRadius) s.borderRadius = px(c.cornerRadius, RADIUS);
    if (c.width) s.width = c.width;
    if (c.maxWidth) s.maxWidth = c.maxWidth;
    if (c.height) s.height = c.height;
    if (c.maxHeight) s.maxHeight = c.maxHeight;
    if (c.paddingAll) s.padding = px(c.paddingAll, SPACE);
    if (c.paddingTop) s.paddingTop = px(c.paddingTop, SPACE);
    if (c.paddingBottom) s.paddingBottom = px(c.paddingBottom, SPACE);
    if (c.paddingStart) s.paddingLeft = px(c.paddingStart, SPACE);
    if (c.paddingEnd) s.paddingRight = px(c.paddingEnd, SPACE);
    if (c.justifyContent) s.justifyContent = c.justifyContent;
    if (c.alignItems) s.alignItems = c.alignItems;
    if (c.position === 'absolute') {
      s.position = 'absolute';
      ['top', 'bottom', 'start', 'end'].forEach(function (k) {
        if (c['offset' + k[0].toUpperCase() + k.slice(1)]) s[{ start: 'left', end: 'right' }[k] || k] = px(c['offset' + k[0].toUpperCase() + k.slice(1)], SPACE);
      });
    }
  }

  /** Common to every component inside a box: flex, margin (or the parent's spacing), gravity. */
  function placeInBox(node, c, parent, index) {
    var horizontal = parent.layout !== 'vertical';
    var flex = c.flex;
    if (flex === undefined) flex = horizontal && c.type !== 'separator' && c.type !== 'spacer' ? 1 : 0;
    node.style.flex = flex + ' ' + flex + ' ' + (flex > 0 && horizontal ? '0' : 'auto');
    var margin = c.margin !== undefined ? c.margin : index > 0 ? parent.spacing : undefined;
    if (index > 0 && margin) node.style[horizontal ? 'marginLeft' : 'marginTop'] = px(margin, SPACE);
    if (c.gravity) node.style.alignSelf = { top: 'flex-start', center: 'center', bottom: 'flex-end' }[c.gravity];
  }

  function renderText(c, onAction) {
    var node = el(c.type === 'span' ? 'span' : 'div', c.type === 'span' ? '' : 'flex-text' + (c.wrap ? ' wrap' : ''));
    if (Array.isArray(c.contents) && c.contents.length > 0) {
      c.contents.forEach(function (span) { node.appendChild(renderText(Object.assign({ type: 'span' }, span), onAction)); });
    } else {
      node.textContent = c.text || '';
    }
    var s = node.style;
    s.fontSize = px(c.size || 'md', TEXT_SIZE);
    if (c.weight === 'bold') s.fontWeight = 'bold';
    if (c.style === 'italic') s.fontStyle = 'italic';
    if (c.decoration) s.textDecoration = c.decoration === 'line-through' ? 'line-through' : c.decoration;
    if (c.color) s.color = c.color;
    if (c.align) s.textAlign = { start: 'left', end: 'right', center: 'center' }[c.align];
    if (c.maxLines && c.wrap) { s.display = '-webkit-box'; s.webkitLineClamp = String(c.maxLines); s.webkitBoxOrient = 'vertical'; s.overflow = 'hidden'; }
    if (c.lineSpacing) s.lineHeight = 'calc(1.4em + ' + c.lineSpacing + ')';
    clickable(node, c.action, onAction);
    return node;
  }

  function renderImage(c, onAction) {
    var wrap = el('div', 'flex-image');
    var img = el('img');
    img.src = localUrl(c.url);
    img.alt = '';
    var size = c.size || 'md';
    wrap.style.width = size === 'full' ? '100%' : px(size, IMAGE_SIZE);
    if (size !== 'full') wrap.style.maxWidth = '100%';
    if (c.align) wrap.style.alignSelf = { start: 'flex-start', end: 'flex-end', center: 'center' }[c.align];
    var ratio = (c.aspectRatio || '1:1').split(':');
    img.style.aspectRatio = ratio[0] + ' / ' + ratio[1];
    img.style.objectFit = c.aspectMode === 'cover' ? 'cover' : 'contain';
    if (c.backgroundColor) img.style.backgroundColor = c.backgroundColor;
    wrap.appendChild(img);
    clickable(wrap, c.action, onAction);
    return wrap;
  }

  function renderButton(c, onAction) {
    var style = c.style || 'link';
    var node = el('button', 'flex-button ' + style + (c.height === 'sm' ? ' sm' : ''), (c.action && c.action.label) || '');
    node.type = 'button';
    if (c.color) {
      if (style === 'link') node.style.color = c.color;
      else node.style.backgroundColor = c.color;
    }
    clickable(node, c.action, onAction);
    return node;
  }

  function renderComponent(c, onAction) {
    switch (c.type) {
      case 'box': return renderBox(c, onAction);
      case 'text': return renderText(c, onAction);
      case 'image': return renderImage(c, onAction);
      case 'button': return renderButton(c, onAction);
      case 'separator': {
        var hr = el('hr', 'flex-separator');
        if (c.color) hr.style.borderTopColor = c.color;
        return hr;
      }
      case 'filler': return el('div', 'flex-filler');
      case 'spacer': {
        var sp = el('div');
        sp.style.height = sp.style.width = px(c.size || 'md', SPACE);
        return sp;
      }
      case 'icon': {
        var icon = el('img');
        icon.src = localUrl(c.url);
        icon.style.width = icon.style.height = px(c.size || 'md', TEXT_SIZE);
        return icon;
      }
      default:
        return el('div', 'muted', '[' + c.type + ']');
    }
  }

  function renderBox(box, onAction) {
    var node = el('div', 'flex-box ' + (box.layout || 'vertical'));
    applyBoxStyles(node, box);
    (box.contents || []).forEach(function (child, i) {
      var childNode = renderComponent(child, onAction);
      placeInBox(childNode, child, box, i);
      node.appendChild(childNode);
    });
    clickable(node, box.action, onAction);
    return node;
  }

  function renderBubble(bubble, onAction) {
    var node = el('div', 'flex-bubble ' + (bubble.size || 'mega'));
    var styles = bubble.styles || {};
    ['header', 'hero', 'body', 'footer'].forEach(function (part) {
      var content = bubble[part];
      if (!content) return;
      var block = el('div', 'flex-block ' + part);
      var blockStyle = styles[part] || {};
      if (blockStyle.backgroundColor) block.style.backgroundColor = blockStyle.backgroundColor;
      if (blockStyle.separator) block.style.borderTop = '1px solid ' + (blockStyle.separatorColor || '#e5e7eb');
      var inner = renderComponent(content, onAction);
      // A box as a whole block: its own padding replaces the block's default.
      if (content.type === 'box' && content.paddingAll !== undefined) block.style.padding = '0';
      if (part === 'hero') block.style.padding = '0';
      block.appendChild(inner);
      node.appendChild(block);
    });
    clickable(node, bubble.action, onAction);
    return node;
  }

  function renderFlex(message, onAction) {
    var contents = message.contents || {};
    if (contents.type === 'carousel') {
      var row = el('div', 'flex-carousel');
      (contents.contents || []).forEach(function (b) { row.appendChild(renderBubble(b, onAction)); });
      return row;
    }
    return renderBubble(contents, onAction);
  }

  function templateCard(column, onAction) {
    var card = el('div', 'template');
    if (column.thumbnailImageUrl) {
      var img = el('img');
      img.src = localUrl(column.thumbnailImageUrl);
      img.style.width = '100%';
      card.appendChild(img);
    }
    if (column.title) card.appendChild(el('div', 't-title', column.title));
    card.appendChild(el('div', 't-text', column.text || ''));
    (column.actions || []).forEach(function (action) {
      var b = el('button', '', action.label || '');
      b.type = 'button';
      clickable(b, action, onAction);
      card.appendChild(b);
    });
    return card;
  }

  function renderTemplate(message, onAction) {
    var t = message.template || {};
    if (t.type === 'carousel') {
      var row = el('div', 'template-carousel');
      (t.columns || []).forEach(function (col) { row.appendChild(templateCard(col, onAction)); });
      return row;
    }
    return templateCard(t, onAction);
  }

  /** One message as an element; `contentUrl(id)` resolves photos the user sent. */
  function renderMessage(message, onAction, contentUrl) {
    switch (message.type) {
      case 'text':
        return el('div', 'bubble-text', message.text);
      case 'image': {
        var box = el('div', 'msg-image');
        var img = el('img');
        img.src = message.contentId ? contentUrl(message.contentId) : localUrl(message.previewImageUrl || message.originalContentUrl);
        img.alt = 'รูปภาพ';
        box.appendChild(img);
        return box;
      }
      case 'sticker': {
        var sticker = el('div', 'sticker', '[สติกเกอร์]');
        sticker.title = 'sticker ' + message.packageId + '/' + message.stickerId;
        return sticker;
      }
      case 'location': {
        var card = el('div', 'location-card');
        card.appendChild(el('div', 'map', 'ตำแหน่ง'));
        var body = el('div', 'body');
        if (message.title) body.appendChild(el('strong', '', message.title));
        body.appendChild(el('div', 'muted', message.address || ''));
        body.appendChild(el('div', 'muted', Number(message.latitude).toFixed(5) + ', ' + Number(message.longitude).toFixed(5)));
        card.appendChild(body);
        return card;
      }
      case 'flex':
        return renderFlex(message, onAction);
      case 'template':
        return renderTemplate(message, onAction);
      default:
        return el('div', 'bubble-text', '[' + message.type + '] ' + (message.altText || ''));
    }
  }

  window.LineRender = { renderMessage: renderMessage };
})();
