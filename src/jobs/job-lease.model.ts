import mongoose, { Schema } from 'mongoose';

/** A lease on a whole job, for jobs that must not run on two instances at once. */
const jobLeaseSchema = new Schema(
  {
    _id: { type: String },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    lastRunAt: { type: Date },
  },
  { collection: 'job_leases', versionKey: false },
);

export const JobLeaseModel = mongoose.model('JobLease', jobLeaseSchema);
