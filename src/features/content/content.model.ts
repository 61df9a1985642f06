import mongoose, { Schema } from 'mongoose';

/**
 * The municipality's own content entries (contact card, privacy notice, ...), one document per
 * key; a key without a document shows the default from content.defaults.yaml.
 */
const contentSchema = new Schema(
  {
    _id: { type: String },
    value: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'content', versionKey: false, minimize: false },
);
export const ContentModel = mongoose.model('Content', contentSchema);
