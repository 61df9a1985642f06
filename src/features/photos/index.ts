export { storeLinePhoto, storePhoto, readPhoto, deletePhoto, photoUrl, verifyPhotoSignature, type PhotoRef } from './photos.service';
export { photosRoutes } from './photos.routes';
