/**
 * LINE's message and event types, re-exported so that the rest of the code (features, flex
 * builders, tests) never imports @line/bot-sdk itself.
 */
import type { messagingApi, webhook } from '@line/bot-sdk';

export type Message = messagingApi.Message;
export type TextMessage = messagingApi.TextMessage;
export type ImageMessage = messagingApi.ImageMessage;
export type FlexMessage = messagingApi.FlexMessage;
export type FlexContainer = messagingApi.FlexContainer;
export type FlexBubble = messagingApi.FlexBubble;
export type FlexCarousel = messagingApi.FlexCarousel;
export type FlexComponent = messagingApi.FlexComponent;
export type FlexBox = messagingApi.FlexBox;
export type FlexText = messagingApi.FlexText;
export type FlexButton = messagingApi.FlexButton;
export type FlexImage = messagingApi.FlexImage;
export type Action = messagingApi.Action;
export type QuickReply = messagingApi.QuickReply;
export type QuickReplyItem = messagingApi.QuickReplyItem;
export type RichMenuRequest = messagingApi.RichMenuRequest;
export type RichMenuResponse = messagingApi.RichMenuResponse;

export type WebhookEvent = webhook.Event;
export type MessageEvent = webhook.MessageEvent;
export type PostbackEvent = webhook.PostbackEvent;
