/**
 * Icons for rendered menu images: simple line drawings on a 24x24 grid, drawn with a round
 * stroke (no icon package; each is a few SVG path commands). Names are what spec files use.
 */
export const ICONS = {
  // megaphone
  complaint: 'M3 10v4h3l7 4V6l-7 4H3z M16 9a4 4 0 0 1 0 6 M18.5 6.5a8 8 0 0 1 0 11 M6 14l1 5h2l-1-5',
  // magnifier over a document
  track: 'M5 3h9l4 4v5 M5 3v17h7 M14 3v4h4 M17 17m-3 0a3 3 0 1 0 6 0a3 3 0 1 0-6 0 M19.2 19.2L22 22',
  // ticket with a perforation
  queue: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4z M9 7v2 M9 11v2 M9 15v2 M12 11h6 M12 14h4',
  // five-pointed star
  rate: 'M12 3l2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8 6.6 19.7l1.1-6.1L3.2 9.4l6.1-.8z',
  // shield with an exclamation mark
  integrity: 'M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5z M12 7v6 M12 16v.5',
  // telephone handset
  contact: 'M5 3h4l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 5a2 2 0 0 1 2-2z',
  // globe
  language: 'M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0 M3 12h18 M12 3a14 14 0 0 1 0 18 M12 3a14 14 0 0 0 0 18',
  // padlock
  privacy: 'M5 11h14v10H5z M8 11V7a4 4 0 0 1 8 0v4 M12 15v2',
  // question mark in a circle
  howto: 'M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0 M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5 M12 17v.5',
  // gift box crossed out
  gift: 'M4 10h16v11H4z M3 7h18v3H3z M12 7v14 M12 7c-2-4-6-4-6-1s4 1 6 1c2 0 6 2 6-1s-4-3-6 1 M2 2l20 20',
  // document with lines
  info: 'M6 2h9l5 5v15H6z M15 2v5h5 M9 12h8 M9 15h8 M9 18h5',
  // open book
  manual: 'M2 5c3-1 7-1 10 1v15c-3-2-7-2-10-1z M22 5c-3-1-7-1-10 1v15c3-2 7-2 10-1z',
  // folder
  cases: 'M3 6h6l2 2h10v12H3z M3 10h18',
  // clock with an alert
  overdue: 'M11 12m-8 0a8 8 0 1 0 16 0a8 8 0 1 0-16 0 M11 7v5l3 2 M21 4v5 M21 11.5v.5',
  // bell
  call: 'M6 16V11a6 6 0 0 1 12 0v5l2 2H4z M10 20a2 2 0 0 0 4 0 M12 3v2',
  // person with a plus
  walkin: 'M9 8m-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0 M2 21c0-4 3-7 7-7s7 3 7 7 M19 8v6 M16 11h6',
  // two arrows swapping
  switch: 'M4 8h14 M14 4l4 4-4 4 M20 16H6 M10 12l-4 4 4 4',
  // house
  home: 'M3 11l9-8 9 8 M5 9v12h14V9 M10 21v-6h4v6',
  // three dots
  more: 'M5 12m-1.5 0a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0 M12 12m-1.5 0a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0 M19 12m-1.5 0a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0',
} as const;

export type IconName = keyof typeof ICONS;
export const ICON_NAMES = Object.keys(ICONS) as [IconName, ...IconName[]];
